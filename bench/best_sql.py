"""The single query one would write by hand for each page's main result set.

Each page's data functions are timed beside this query, in the same run and with the
same parameters (:meth:`bench.pages.View.sql_params`): it is the yardstick of "as fast
as the database allows".  Written as SQL text, per dialect where they differ; the
parameters are ``:city``, ``:county`` (ids), ``:unit`` (a code), ``:month`` (first day)
and ``:as_of`` (last day of the month).
"""

from __future__ import annotations

from dataclasses import dataclass

SCORES = ", ".join(f"s.s{i}" for i in range(1, 13))


@dataclass(frozen=True)
class BestQuery:
    result: str  # what the query returns, one line
    sql: dict[str, str]  # dialect name ("sqlite", "postgresql") → SQL text
    main: str  # the page's data function that returns this result (module.name), compared too

    def for_dialect(self, dialect: str) -> str:
        return self.sql[dialect]


def _both(sql: str) -> dict[str, str]:
    return {"sqlite": sql, "postgresql": sql}


# The overview's targets: per title target of the city's programmes and county-level
# unit, the units counted over and those holding a valid title of the target's level on
# the day the target is judged (the as-of date, or the due date if earlier).  On SQLite
# the unary ``+`` keeps the planner on the title's unit index (without statistics it
# prefers the level index and reads every title of the level for every unit).
_TARGET_COUNTS = """
WITH judged AS (
    SELECT t.id AS target_id, t.level_id, t.scope_region_id, {judged} AS day
    FROM target AS t JOIN region AS scope ON scope.id = t.scope_region_id
    WHERE (scope.id = :city OR scope.city_id = :city) AND t.shape IN ('share', 'count', 'count_per_child')
)
SELECT j.target_id, u.county_id, count(*) AS units,
       sum(CASE WHEN EXISTS (
           SELECT 1 FROM title AS h
           WHERE h.unit_id = u.id AND {plus}h.level_id = j.level_id AND {plus}h.named_on <= j.day
             AND (h.valid_until IS NULL OR h.valid_until >= j.day)
             AND (h.revoked_on IS NULL OR h.revoked_on > j.day)) THEN 1 ELSE 0 END) AS achieved
FROM judged AS j
JOIN region AS u ON u.level = 'unit' AND (u.city_id = j.scope_region_id OR u.county_id = j.scope_region_id)
GROUP BY j.target_id, u.county_id
ORDER BY j.target_id, u.county_id
"""

# The heatmap: each enrolled unit of the city with its latest graded summary up to the
# month, its composite, failed items and 12 first-level scores.
_LATEST_SCORES = f"""
SELECT u.id AS unit_id, u.code AS unit_code, u.name_zh AS unit_zh, u.county_id,
       s.month AS assessed_month, s.score, s.failed_items, {SCORES}
FROM region AS u
JOIN report_summary AS s ON s.unit_id = u.id AND s.month = (
    SELECT x.month FROM report_summary AS x
    WHERE x.unit_id = u.id AND x.month <= :month AND x.graded
    ORDER BY x.month DESC LIMIT 1)
WHERE u.level = 'unit' AND u.city_id = :city AND u.id IN (SELECT unit_id FROM programme_unit)
ORDER BY u.code
"""

# The district page: the stage events of the county's units up to the as-of date, in the
# programmes they are enrolled in.
_STAGE_EVENTS = """
SELECT e.programme_id, e.unit_id, u.code AS unit_code, e.stage_code, st.seq AS stage_seq, e.entered_on
FROM region AS u
JOIN stage_event AS e ON e.unit_id = u.id AND e.entered_on <= :as_of
JOIN programme_unit AS pu ON pu.unit_id = e.unit_id AND pu.programme_id = e.programme_id
JOIN stage AS st ON st.code = e.stage_code
WHERE u.level = 'unit' AND u.county_id = :county
ORDER BY e.programme_id, u.code, e.entered_on, e.id
"""

# The community page: every revision of the unit's monthly reports, with the summary
# scores of the current ones.
_REPORT_REVISIONS = f"""
SELECT r.*, s.score, s.failed_items, {SCORES}
FROM region AS u
JOIN report AS r ON r.unit_id = u.id
LEFT JOIN report_summary AS s ON s.report_id = r.id
WHERE u.code = :unit AND u.level = 'unit'
ORDER BY r.month, r.revision
"""

BEST = {
    "pages/overview.py": BestQuery(
        "title-target counts per target × county of the city",
        {
            "sqlite": _TARGET_COUNTS.format(judged="min(:as_of, t.due_date)", plus="+"),
            "postgresql": _TARGET_COUNTS.format(judged="LEAST(CAST(:as_of AS date), t.due_date)", plus=""),
        },
        "attainment.target_progress",
    ),
    "pages/heatmap.py": BestQuery(
        "latest graded summary row per unit of the city",
        _both(_LATEST_SCORES),
        "progress.current_indicator_scores",
    ),
    "pages/district.py": BestQuery(
        "stage events of the county's units", _both(_STAGE_EVENTS), "district.stage_events"
    ),
    "pages/community.py": BestQuery(
        "the unit's report revisions with summary scores", _both(_REPORT_REVISIONS), "units.unit_history"
    ),
}
