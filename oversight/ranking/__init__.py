"""The monthly circular's ranking (月通报排名): the method, stored per programme and
versioned, and the ranks it gives units and counties, each explained.

The method is written down in ``docs/ranking.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from oversight.collection import collector_paused
from oversight.ranking.counties import rank_counties
from oversight.ranking.explain import unit_lifts
from oversight.ranking.inputs import RankingInputs
from oversight.ranking.lists import listing_counts, listings, times_listed
from oversight.ranking.method import RankingMethod
from oversight.ranking.ranks import band_of, order_key, places, weigh
from oversight.ranking.results import Ranking, UnitRank
from oversight.ranking.units import score_units

__all__ = ["rank"]


def rank(
    inputs: RankingInputs,
    method: RankingMethod,
    previous: Ranking | None = None,
    earlier: Sequence[Ranking] = (),
) -> Ranking:
    """The ranking of the month: every enrolled unit scored, placed within the region and
    its county, banded and listed, each with the facts that explain it; and, for a city,
    its counties.  ``previous`` (the month before) gives the rank change and "listed
    again"; ``earlier`` (the year's earlier months) the count of listings."""
    with collector_paused():
        return _rank(inputs, method, previous, earlier)


def _rank(
    inputs: RankingInputs,
    method: RankingMethod,
    previous: Ranking | None,
    earlier: Sequence[Ranking],
) -> Ranking:
    scored = score_units(inputs, method)
    units = []
    for unit in scored:
        components, total = weigh(unit.scores, method, unit.facts)
        band = method.bands[-1].code if unit.vetoes else band_of(total, method)
        lifts = unit_lifts(total, unit.vetoes, unit.scored, components, method)
        units.append((unit, components, total, band, lifts))
    key = {u.row.unit_code: order_key(bool(u.vetoes), total, comps) for u, comps, total, _, _ in units}
    placed = places(
        units, key=lambda item: key[item[0].row.unit_code], code=lambda item: item[0].row.unit_code
    )
    county_place = {}
    by_county: dict[int, list] = {}
    for item, _ in placed:
        by_county.setdefault(item[0].row.county_id, []).append(item)
    for members in by_county.values():
        for item, place in places(
            members, key=lambda i: key[i[0].row.unit_code], code=lambda i: i[0].row.unit_code
        ):
            county_place[item[0].row.unit_code] = place
    listed = listings(
        [(u.row.unit_code, total, bool(u.vetoes), place) for (u, _, total, _, _), place in placed],
        method.lists,
    )
    before = {u.unit_code: u for u in previous.units} if previous else {}
    counts = listing_counts(earlier)
    ranked = []
    for (unit, components, total, band, lifts), place in placed:
        row, code = unit.row, unit.row.unit_code
        listing = listed.get(code)
        last = before.get(code)
        ranked.append(
            UnitRank(
                unit_id=int(row.unit_id),
                unit_code=code,
                unit_zh=row.unit_zh,
                unit_en=row.unit_en or "",
                county_id=int(row.county_id),
                county_code=row.county_code,
                county_zh=row.county_zh,
                county_en=row.county_en or "",
                components=components,
                total=total,
                band=band,
                vetoes=unit.vetoes,
                rank=place,
                county_rank=county_place[code],
                previous_rank=None if last is None else last.rank,
                listing=listing,
                listed_again=listing is not None and last is not None and last.listing == listing,
                times_listed=times_listed(code, listing, counts),
                lifts=lifts,
            )
        )
    return Ranking(
        region_code=inputs.region_code,
        region_zh=inputs.region_zh,
        region_en=inputs.region_en,
        programme_code=inputs.programme_code,
        month=inputs.month,
        method=method,
        units=tuple(ranked),
        counties=rank_counties(inputs, method, ranked, previous),
    )
