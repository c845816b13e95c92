"""A city's counties ranked (docs/ranking.md, "Counties").

A county's score weighs the mean of its units' totals and its attainment of the
programme's targets: the share of its target rows met or on track on the month's last
day, by the status the overview shows (:func:`oversight.forecast.forecast_targets`).  A
county without target rows is scored on its units alone; a county without units enrolled
in the programme is not ranked.  Only a city's ranking ranks counties.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from dataclasses import replace

from oversight.attainment import assess_columns, gaps
from oversight.forecast import row_forecasts
from oversight.periods import month_end
from oversight.ranking.inputs import COUNTY_COLUMNS, RankingInputs
from oversight.ranking.method import RankingMethod
from oversight.ranking.ranks import band_of, hundredths, next_band, places
from oversight.ranking.results import CountyRank, Fact, Ranking, UnitRank
from oversight.vocabulary import PER_CHILD

_County = namedtuple("County", COUNTY_COLUMNS)
"""A row of ``RankingInputs.counties``."""

ATTAINED = ("met", "on_track")
"""Target statuses that count as attained for a county's score."""


def target_statuses(inputs: RankingInputs) -> list[tuple]:
    """The counties' target rows with the overview's status, as of the month's end, as
    (region id, status, target code, description_zh, description_en).

    Only the rows a county is scored on are judged, by the overview's own rules
    (:func:`oversight.attainment.assess_columns`, :func:`oversight.forecast.row_forecasts`,
    on plain lists: a frame's sorting and copying cost a city's ranking more than the
    judging): a row's status comes from its own figures and history, except a per-child
    target's scope row, judged from its children, which are kept with it.  The city's
    rows (a per-county target's scope row counts every county's row again) are left out."""
    targets = inputs.targets
    counties = set(inputs.counties["county_id"].tolist())
    rows = [
        dict(zip(_TARGET_FIELDS, values, strict=True))
        for values in zip(*(targets[c].tolist() for c in _TARGET_FIELDS), strict=True)
    ]
    from_children = {
        row["target_id"]
        for row in rows
        if row["region_id"] in counties and row["shape"] in PER_CHILD and row["role"] == "scope"
    }
    rows = [row for row in rows if row["region_id"] in counties or row["target_id"] in from_children]
    if not rows:
        return []
    columns = ("shape", "role", "target_id", "threshold", "units", "achieved")
    _, required, achieved, met = assess_columns(*([row[c] for row in rows] for c in columns))
    for row, row_met, gap in zip(rows, met, gaps(required, achieved), strict=True):
        row.update(met=row_met, gap=gap)
    forecasts = row_forecasts(rows, inputs.target_history, month_end(inputs.month))
    return [
        (row["region_id"], forecast.status, row["target_code"], row["description_zh"], row["description_en"])
        for row, forecast in zip(rows, forecasts, strict=True)
    ]


_TARGET_FIELDS = (
    "target_id",
    "region_id",
    "role",
    "shape",
    "threshold",
    "units",
    "achieved",
    "due_date",
    "judged_on",
    "target_code",
    "description_zh",
    "description_en",
)
"""The columns of ``RankingInputs.targets`` a county's score reads."""


def rank_counties(
    inputs: RankingInputs, method: RankingMethod, units: Sequence[UnitRank], previous: Ranking | None
) -> tuple[CountyRank, ...]:
    if inputs.region_level != "city":
        return ()
    statuses = target_statuses(inputs)
    before = {c.county_code: c.rank for c in previous.counties} if previous else {}
    rows_of: dict[int, list[tuple]] = {}
    for row in statuses:
        rows_of.setdefault(int(row[0]), []).append(row[1:])
    scored = []
    for county in map(
        _County._make, zip(*(inputs.counties[c].tolist() for c in COUNTY_COLUMNS), strict=True)
    ):
        members = [u for u in units if u.county_id == county.county_id]
        if members:
            scored.append(_score(county, members, rows_of.get(int(county.county_id), []), method))
    placed = places(
        scored, key=lambda c: (-c.total, -c.units_mean, -c.attainment), code=lambda c: c.county_code
    )
    return tuple(
        replace(county, rank=place, previous_rank=before.get(county.county_code)) for county, place in placed
    )


def _score(county, members: list[UnitRank], rows: list[tuple], method: RankingMethod) -> CountyRank:
    """``rows``: the county's target rows as (status, target code, description_zh,
    description_en)."""
    w_units, w_att = method.county_weights["units"], method.county_weights["attainment"]
    mean = sum(u.total for u in members) / len(members)
    vetoed = sum(1 for u in members if u.vetoes)
    facts = [Fact("county.units", {"units": len(members), "mean": hundredths(mean), "vetoed": vetoed})]
    if not rows:
        attainment, share_units, share_att = 0.0, 1.0, 0.0
        facts.append(Fact("county.no_targets", {}))
    else:
        attained = sum(1 for status, *_ in rows if status in ATTAINED)
        attainment = 100 * attained / len(rows)
        share_units, share_att = w_units / (w_units + w_att), w_att / (w_units + w_att)
        facts.append(
            Fact(
                "county.attainment",
                {"rows": len(rows), "attained": attained, "share": hundredths(attainment)},
            )
        )
    total = hundredths(share_units * mean + share_att * attainment)
    return CountyRank(
        county_id=int(county.county_id),
        county_code=county.county_code,
        county_zh=county.county_zh,
        county_en=county.county_en or "",
        units=len(members),
        units_mean=hundredths(mean),
        attainment=hundredths(attainment),
        total=total,
        band=band_of(total, method),
        rank=0,
        previous_rank=None,
        facts=tuple(facts),
        lifts=_lifts(total, members, rows, share_units, share_att, method),
        targets=len(rows),
    )


def _lifts(
    total: float, members: list[UnitRank], rows: list[tuple], share_units: float, share_att: float, method
) -> tuple[Fact, ...]:
    """Points missing to the next band, then what would add them: a unit raised to that
    band's floor (its gap × the units' share ÷ the units), a target row attained."""
    target = next_band(total, method)
    if target is None:
        return ()
    actions = []
    for unit in members:
        if unit.total < target.floor:
            points = share_units * (target.floor - unit.total) / len(members)
            values = {"unit_code": unit.unit_code, "unit_zh": unit.unit_zh, "unit_en": unit.unit_en}
            actions.append(
                Fact("lift.county_unit", values | {"band": target.code, "points": hundredths(points)})
            )
    for status, code, description_zh, description_en in rows:
        if status not in ATTAINED:
            points = share_att * 100 / len(rows)
            values = {"target": code, "description_zh": description_zh, "description_en": description_en}
            values |= {"status": status, "points": hundredths(points)}
            actions.append(Fact("lift.target", values))
    actions.sort(key=lambda fact: -fact.values["points"])
    missing = Fact("lift.points", {"band": target.code, "points": hundredths(target.floor - total)})
    return (missing, *actions)
