"""The monthly circular's ranking at province scale (docs/ranking.md).

Timed warm, beside the queries one would write by hand for the same inputs: the ranking
of the busiest city's units and counties (``data_access.ranking.ranking_inputs`` and
``oversight.ranking.rank``, data and computation together), and the ranking of every
unit of the province (each city's programme in turn).  The hand-written queries read
what the ranking is computed from: per unit the year-to-date sums, the month's rates and
deaths, the latest score, the year's submissions, the stage plan and events, the
enrolments, and the counties' target rows (those of ``bench/best_sql.py``'s overview).
Goals: the city under 200 ms and within 2× of the hand-written queries; the province
under 2 s.  Beside them, the whole circular of the city as the page and the command line
make it (``data_access.circular_drafts.make_draft``: its data, ranking and history, then
the workbook and the Word document, without the PDF), under 3 s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, text

from bench.best_sql import CITY_VIEW, BestQuery, _per_dialect, _targets
from bench.pages import View
from bench.timing import Batch, _batch, time_sql
from data_access.circular_drafts import documents, make_draft
from data_access.ranking import ranking_inputs
from data_access.ranking_methods import current_method
from data_access.regions import region_by_id
from oversight.periods import month_end, period_of
from oversight.ranking import rank
from oversight.ranking.inputs import judged_at

CITY_BUDGET_MS = 200.0
CIRCULAR_BUDGET_MS = 3000.0
PROVINCE_BUDGET_MS = 2000.0
BEST_FACTOR = 2.0

_UNITS = """
SELECT u.id, u.code, u.name_zh, u.name_en, u.county_id, k.code, k.name_zh, k.name_en, pu.enrolled_on,
       coalesce(sum(r.hazards_found), 0), coalesce(sum(r.hazards_rectified), 0),
       max(CASE WHEN s.month = :month THEN r.participation_rate END),
       max(CASE WHEN s.month = :month THEN r.satisfaction_rate END),
       coalesce(sum(CASE WHEN s.month BETWEEN :q1 AND :q1_end THEN r.education_events END), 0),
       coalesce(sum(CASE WHEN s.month BETWEEN :q2 AND :q2_end THEN r.education_events END), 0),
       coalesce(sum(CASE WHEN s.month BETWEEN :q3 AND :q3_end THEN r.education_events END), 0),
       coalesce(sum(CASE WHEN s.month BETWEEN :q4 AND :q4_end THEN r.education_events END), 0),
       coalesce(sum(r.inspections), 0), coalesce(sum(r.reviews_held), 0)
FROM region AS u
JOIN region AS k ON k.id = u.county_id
JOIN programme_unit AS pu ON pu.unit_id = u.id AND pu.programme_id = :programme AND pu.enrolled_on <= :as_of
LEFT JOIN report_summary AS s ON s.unit_id = u.id AND s.month BETWEEN :year_start AND :month
                             AND s.first_submitted_at <= :judged_at
LEFT JOIN report AS r ON r.id = s.report_id
WHERE u.level = 'unit' AND u.city_id = :city
GROUP BY u.id, u.code, u.name_zh, u.name_en, u.county_id, k.code, k.name_zh, k.name_en, pu.enrolled_on
"""
_ENROLLED = """(SELECT pu.unit_id FROM programme_unit AS pu JOIN region AS u ON u.id = pu.unit_id
                WHERE pu.programme_id = :programme AND u.city_id = :city)"""
_DEATHS = f"""
SELECT s.unit_id, sum(d.deaths) FROM report_summary AS s JOIN report_domain AS d ON d.report_id = s.report_id
WHERE s.month = :month AND s.first_submitted_at <= :judged_at AND s.unit_id IN {_ENROLLED}
GROUP BY s.unit_id
"""
_LATEST_SCORE = f"""
SELECT s.unit_id, s.month, s.score FROM report_summary AS s
JOIN (SELECT unit_id, max(month) AS month FROM report_summary
      WHERE month <= :month AND score IS NOT NULL AND first_submitted_at <= :judged_at
        AND unit_id IN {_ENROLLED}
      GROUP BY unit_id) AS latest ON latest.unit_id = s.unit_id AND latest.month = s.month
"""
_SUBMISSIONS = f"""
SELECT s.unit_id, s.month, s.first_submitted_at,
       r.participation_rate IS NOT NULL AND r.satisfaction_rate IS NOT NULL
FROM report_summary AS s JOIN report AS r ON r.id = s.report_id
WHERE s.unit_id IN {_ENROLLED} AND s.month BETWEEN :year_start AND :month AND s.first_submitted_at <= :judged_at
ORDER BY s.unit_id, s.month
"""
_PLAN = f"""
SELECT pu.unit_id, pu.enrolled_on, p.start_date, p.end_date FROM programme_unit AS pu
JOIN programme AS p ON p.id = pu.programme_id
WHERE pu.programme_id = :programme AND pu.unit_id IN {_ENROLLED}
"""
_STAGES = f"""
SELECT programme_id, seq, name_zh, name_en, planned_start, planned_end FROM programme_stage
WHERE programme_id = :programme ORDER BY seq;
SELECT programme_id, unit_id, stage_code, entered_on FROM stage_event
WHERE programme_id = :programme AND entered_on <= :as_of AND unit_id IN {_ENROLLED}
"""

BEST_RANKING: list[BestQuery] = [
    BestQuery(
        "per enrolled unit of the city: names, county, the year's hazards, activity sums per quarter "
        "and year, the month's rates",
        _per_dialect(_UNITS),
        "ranking.ranking_inputs",
    ),
    BestQuery("the month's deaths per unit", _per_dialect(_DEATHS), "ranking.ranking_inputs"),
    BestQuery(
        "each unit's latest self-assessment score", _per_dialect(_LATEST_SCORE), "ranking.ranking_inputs"
    ),
    BestQuery(
        "the year's submissions per unit and month", _per_dialect(_SUBMISSIONS), "ranking.ranking_inputs"
    ),
    BestQuery("the units' enrolments", _per_dialect(_PLAN), "ranking.ranking_inputs"),
    BestQuery(
        "planned stages and the units' stage events",
        _per_dialect(*_STAGES.split(";")),
        "ranking.ranking_inputs",
    ),
    *_targets(CITY_VIEW),
]
"""What the city's ranking reads, written by hand."""


@dataclass
class RankingBench:
    """The ranking's timings: the city (its units and counties), the hand-written
    queries of its inputs, and every city of the province in turn."""

    city: Batch
    best: Batch
    province: Batch
    circular: Batch
    city_units: int
    province_units: int
    month: dt.date

    @property
    def ratio(self) -> float:
        return self.city.median_ms / self.best.median_ms if self.best.median_ms else float("nan")

    def goals(self) -> dict[str, bool]:
        return {
            "city": self.city.median_ms < CITY_BUDGET_MS,
            "best": self.ratio <= BEST_FACTOR,
            "province": self.province.median_ms < PROVINCE_BUDGET_MS,
            "circular": self.circular.median_ms < CIRCULAR_BUDGET_MS,
        }


def measure_ranking(engine: Engine, view: View, runs: int) -> RankingBench:
    """Time the ranking of the view's city and month, and of every city with a programme."""
    programmes = _programmes(engine)
    city_programme = next(p for region, p in programmes if region == view.city_id)
    city = region_by_id(engine, view.city_id)

    def ranked(region, programme):
        return rank(ranking_inputs(engine, region, view.month, programme), current_method(engine, programme))

    city_batch = _batch(["rank the city's units and counties"], [lambda: ranked(city, city_programme)], runs)
    result = ranked(city, city_programme)
    best = time_sql(engine, BEST_RANKING, _params(engine, view, city_programme), runs)
    regions = [(region_by_id(engine, region), programme) for region, programme in programmes]
    province_batch = _batch(
        [f"rank every city's programme ({len(regions)})"],
        [lambda: sum(len(ranked(region, programme).units) for region, programme in regions)],
        runs,
    )
    units = sum(len(ranked(region, programme).units) for region, programme in regions)
    circular = _batch(
        ["the city's circular: data, ranking, history, workbook, Word"],
        [lambda: documents(make_draft(engine, city, view.month, city_programme).circular)],
        runs,
    )
    return RankingBench(city_batch, best, province_batch, circular, len(result.units), units, view.month)


def _programmes(engine: Engine) -> list[tuple[int, int]]:
    """(city id, programme id) of each city's latest programme."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT p.region_id, p.id FROM programme AS p JOIN region AS r ON r.id = p.region_id "
                "WHERE r.level = 'city' ORDER BY p.region_id, p.start_date"
            )
        ).all()
    return list({region: programme for region, programme in rows}.items())


def _params(engine: Engine, view: View, programme: int) -> dict:
    with engine.connect() as connection:
        day = connection.execute(
            text("SELECT report_deadline_day FROM programme WHERE id = :id"), {"id": programme}
        ).scalar_one()
    quarters = {}
    for number in range(1, 5):
        first, last = period_of(dt.date(view.month.year, 3 * number - 2, 1), "quarter")
        quarters[f"q{number}"], quarters[f"q{number}_end"] = first, last
    return (
        view.sql_params()
        | quarters
        | {
            "programme": programme,
            "year_start": dt.date(view.month.year, 1, 1),
            "as_of": month_end(view.month),
            "judged_at": judged_at(view.month, day),
        }
    )


def render_ranking(bench: RankingBench) -> list[str]:
    goals = bench.goals()
    yes = {True: "yes", False: "**no**"}
    return [
        "",
        f"## Monthly ranking ({bench.month:%Y-%m})",
        "",
        "| case | ms | goal | met |",
        "| --- | ---: | --- | --- |",
        f"| the city's {bench.city_units} units and its counties: data and ranking | {bench.city.median_ms:.0f} "
        f"| < {CITY_BUDGET_MS:g} ms | {yes[goals['city']]} |",
        f"| hand-written queries of the same inputs | {bench.best.median_ms:.0f} | — | — |",
        f"| ratio | {bench.ratio:.1f}× | ≤ {BEST_FACTOR:g}× | {yes[goals['best']]} |",
        f"| every unit of the province ({bench.province_units}), city by city | {bench.province.median_ms:.0f} "
        f"| < {PROVINCE_BUDGET_MS:g} ms | {yes[goals['province']]} |",
        f"| the city's whole circular: data, ranking, history, workbook, Word (no PDF) "
        f"| {bench.circular.median_ms:.0f} | < {CIRCULAR_BUDGET_MS:g} ms | {yes[goals['circular']]} |",
    ]
