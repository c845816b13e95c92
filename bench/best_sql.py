"""The queries one would write by hand for every result each page's data functions return.

Each page's data functions are timed beside these, in the same run and with the same
parameters (:meth:`bench.pages.View.sql_params`): together they are the yardstick of "as
fast as the database allows" for the page.  A :class:`BestQuery` stands for one data
function's result and may take several statements where the result is several tables
(the forecast's history is four).  Written as SQL text, per dialect where they differ;
the parameters are ``:city``, ``:county`` (ids), ``:unit`` (a code), ``:month`` (first
day), ``:as_of`` (its last day), ``:previous_end`` (the last day of the month before),
``:reported_month`` and ``:month_before`` (the first days of the two months whose reports
the overview counts).

Lists that only change when programmes or the catalogue are loaded (``ui.data.reference``)
are not among a page's data functions and have no query here.
"""

from __future__ import annotations

from dataclasses import dataclass

from oversight.report_fields import REPORT_COUNTS

SCORES = ", ".join(f"s.s{i}" for i in range(1, 13))


@dataclass(frozen=True)
class BestQuery:
    result: str  # what the statements return, one line
    sql: dict[str, tuple[str, ...]]  # dialect name ("sqlite", "postgresql") → statements
    function: str  # the data function returning this result (module.name, as the report names it)

    def for_dialect(self, dialect: str) -> tuple[str, ...]:
        return self.sql[dialect]


def _both(*statements: str) -> dict[str, tuple[str, ...]]:
    return {"sqlite": statements, "postgresql": statements}


def _per_dialect(*statements: str, view: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """The statements with the view's ``{name}`` pieces, then the dialect's, filled in."""
    for name, piece in (view or {}).items():
        statements = tuple(s.replace(f"{{{name}}}", piece) for s in statements)
    return {
        "sqlite": tuple(s.format(**SQLITE) for s in statements),
        "postgresql": tuple(s.format(**POSTGRESQL) for s in statements),
    }


# Dialect pieces: the day a target is judged on, the end of a day as a timestamp, a month's
# last day, a report's deadline (the end of the programme's deadline day in the next month).
# On SQLite the unary ``+`` keeps the planner on a unit's own index (without statistics it
# prefers the level index and reads every title of the level for every unit).
SQLITE = {
    "judged": "min(:as_of, t.due_date)",
    "plus": "+",
    "now_end": ":as_of || ' 23:59:59.999999'",
    "before_end": ":previous_end || ' 23:59:59.999999'",
    "reported": ":reported_month",
    "before": ":month_before",
    "as_of": ":as_of",
    "previous_end": ":previous_end",
    "month_end": "date(o.month, '+1 month', '-1 day')",
    "programme_month": "date(p.start_date, 'start of month')",
    "deadline": "datetime(o.month, '+1 month', '+' || (p.report_deadline_day - 1) || ' days', '+86399 seconds')",
}
POSTGRESQL = {
    "judged": "LEAST(CAST(:as_of AS date), t.due_date)",
    "plus": "",
    "now_end": "CAST(:as_of AS timestamp) + interval '1 day' - interval '1 microsecond'",
    "before_end": "CAST(:previous_end AS timestamp) + interval '1 day' - interval '1 microsecond'",
    "reported": "CAST(:reported_month AS date)",
    "before": "CAST(:month_before AS date)",
    "as_of": "CAST(:as_of AS date)",
    "previous_end": "CAST(:previous_end AS date)",
    "month_end": "CAST(o.month + interval '1 month' - interval '1 day' AS date)",
    "programme_month": "CAST(date_trunc('month', p.start_date) AS date)",
    "deadline": "o.month + interval '1 month' + (p.report_deadline_day - 1) * interval '1 day' "
    "+ interval '23:59:59'",
}

# The targets of a view (a city, or a county on the district page): scoped in it or in a
# region containing it; ``inside`` when the scope itself lies in the view, as a target
# without per-county rows (a count, a budget) shows only then.  Units are those of the view.
CITY_VIEW = {
    "targets": "scope.id = :city OR scope.city_id = :city "
    "OR scope.id = (SELECT province_id FROM region WHERE id = :city)",
    "inside": "scope.id = :city OR scope.city_id = :city",
    "units": "u.city_id = :city",
    "days": "({as_of}), ({previous_end})",
}
COUNTY_VIEW = {
    "targets": "scope.id = :county OR scope.id = (SELECT city_id FROM region WHERE id = :county) "
    "OR scope.id = (SELECT province_id FROM region WHERE id = :county)",
    "inside": "scope.id = :county",
    "units": "u.county_id = :county",
    "days": "({as_of})",
}
_TARGETS = """
WITH t AS (
    SELECT t.id, t.shape, t.level_id, t.programme_id, t.scope_region_id, t.due_date, {judged} AS day,
           CASE WHEN {inside} THEN 1 ELSE 0 END AS inside
    FROM target AS t JOIN region AS scope ON scope.id = t.scope_region_id
    WHERE {targets}
)"""

# target_progress: per target × county-level unit, the units counted over and those that
# count toward it on the day it is judged (titles held, pilots launched), and per budget
# target the money allocated and paid in its scope by then.
_TARGET_COUNTS = (
    _TARGETS
    + """,
c AS (
SELECT t.id AS target_id, u.county_id, count(*) AS units,
       sum(CASE WHEN EXISTS (
           SELECT 1 FROM title AS h
           WHERE h.unit_id = u.id AND {plus}h.level_id = t.level_id AND {plus}h.named_on <= t.day
             AND (h.valid_until IS NULL OR h.valid_until >= t.day)
             AND (h.revoked_on IS NULL OR h.revoked_on > t.day)) THEN 1 ELSE 0 END) AS achieved,
       CAST(NULL AS numeric) AS allocated
FROM t JOIN region AS u ON u.level = 'unit' AND (u.city_id = t.scope_region_id OR u.county_id = t.scope_region_id)
WHERE t.shape IN ('share', 'count', 'count_per_child') AND {units} AND (t.shape <> 'count' OR t.inside = 1)
GROUP BY t.id, u.county_id
UNION ALL
SELECT t.id, u.county_id, count(*),
       sum(CASE WHEN EXISTS (
           SELECT 1 FROM stage_event AS e
           WHERE e.unit_id = u.id AND e.programme_id = t.programme_id AND e.stage_code = 'launched'
             AND e.entered_on <= t.day) THEN 1 ELSE 0 END),
       NULL
FROM t JOIN programme_unit AS pu ON pu.programme_id = t.programme_id AND pu.is_pilot
JOIN region AS u ON u.id = pu.unit_id AND (u.city_id = t.scope_region_id OR u.county_id = t.scope_region_id)
WHERE t.shape = 'pilots' AND {units}
GROUP BY t.id, u.county_id
UNION ALL
SELECT t.id, NULL, NULL,
       (SELECT sum(d.amount) FROM subsidy_allocation AS a
        JOIN region AS r ON r.id = a.recipient_region_id
        JOIN subsidy_disbursement AS d ON d.allocation_id = a.id
        WHERE a.programme_id = t.programme_id AND d.disbursed_on <= t.day
          AND (r.id = t.scope_region_id OR r.city_id = t.scope_region_id OR r.county_id = t.scope_region_id)),
       (SELECT sum(a.amount) FROM subsidy_allocation AS a
        JOIN region AS r ON r.id = a.recipient_region_id
        WHERE a.programme_id = t.programme_id AND a.allocated_on <= t.day
          AND (r.id = t.scope_region_id OR r.city_id = t.scope_region_id OR r.county_id = t.scope_region_id))
FROM t WHERE t.shape = 'budget' AND t.inside = 1
)
SELECT c.target_id, pr.code AS programme_code, tg.code AS target_code, tg.shape, l.code AS level_code,
       l.name_zh AS level_zh, l.name_en AS level_en, tg.description_zh, tg.description_en, tg.due_date,
       tg.threshold, t.day AS judged_on, r.id AS region_id, r.code AS region_code, r.name_zh AS region_zh,
       r.name_en AS region_en, c.units, c.achieved, c.allocated
FROM c JOIN t ON t.id = c.target_id JOIN target AS tg ON tg.id = c.target_id
JOIN programme AS pr ON pr.id = tg.programme_id LEFT JOIN title_level AS l ON l.id = tg.level_id
JOIN region AS r ON r.id = coalesce(c.county_id, tg.scope_region_id)
ORDER BY pr.code, tg.code, r.code
"""
)


# target_history: the events counting toward each target up to as-of (namings, first
# launches of pilots, payments), the units still without a title target's title and where
# they stand, and every stage move in those targets' programmes.
_TARGET_EVENTS = (
    _TARGETS
    + """
SELECT t.id AS target_id, u.id AS unit_id, u.county_id, h.named_on AS "on", 1.0 AS amount
FROM t JOIN region AS u ON u.level = 'unit' AND (u.city_id = t.scope_region_id OR u.county_id = t.scope_region_id)
JOIN title AS h ON h.unit_id = u.id AND {plus}h.level_id = t.level_id AND h.renews_id IS NULL
                AND {plus}h.named_on <= {as_of}
WHERE t.shape IN ('share', 'count', 'count_per_child') AND {units} AND (t.shape <> 'count' OR t.inside = 1)
UNION ALL
SELECT t.id, u.id, u.county_id, min(e.entered_on), 1.0
FROM t JOIN programme_unit AS pu ON pu.programme_id = t.programme_id AND pu.is_pilot
JOIN region AS u ON u.id = pu.unit_id AND (u.city_id = t.scope_region_id OR u.county_id = t.scope_region_id)
JOIN stage_event AS e ON e.unit_id = u.id AND e.programme_id = t.programme_id
                     AND e.stage_code = 'launched' AND e.entered_on <= {as_of}
WHERE t.shape = 'pilots' AND {units}
GROUP BY t.id, u.id, u.county_id
UNION ALL
SELECT t.id, NULL, NULL, d.disbursed_on, d.amount
FROM t JOIN subsidy_allocation AS a ON a.programme_id = t.programme_id
JOIN region AS r ON r.id = a.recipient_region_id
                AND (r.id = t.scope_region_id OR r.city_id = t.scope_region_id OR r.county_id = t.scope_region_id)
JOIN subsidy_disbursement AS d ON d.allocation_id = a.id AND d.disbursed_on <= {as_of}
WHERE t.shape = 'budget' AND t.inside = 1
"""
)
_TARGET_UNTITLED = (
    _TARGETS
    + """
SELECT t.id AS target_id, u.id AS unit_id, u.county_id, coalesce(st.seq, 0) AS stage_seq,
       coalesce(e.entered_on, pu.enrolled_on) AS entered_on
FROM t JOIN programme_unit AS pu ON pu.programme_id = t.programme_id AND pu.enrolled_on <= {as_of}
JOIN region AS u ON u.id = pu.unit_id AND u.level = 'unit'
                AND (u.city_id = t.scope_region_id OR u.county_id = t.scope_region_id)
LEFT JOIN stage_event AS e ON e.id = (
    SELECT x.id FROM stage_event AS x
    WHERE x.unit_id = u.id AND x.programme_id = t.programme_id AND x.entered_on <= {as_of}
    ORDER BY x.entered_on DESC, x.id DESC LIMIT 1)
LEFT JOIN stage AS st ON st.code = e.stage_code
WHERE t.shape IN ('share', 'count', 'count_per_child') AND t.due_date > {as_of}
  AND {units} AND (t.shape <> 'count' OR t.inside = 1)
  AND NOT EXISTS (
      SELECT 1 FROM title AS h
      WHERE h.unit_id = u.id AND {plus}h.level_id = t.level_id AND {plus}h.named_on <= {as_of}
        AND (h.valid_until IS NULL OR h.valid_until >= {as_of})
        AND (h.revoked_on IS NULL OR h.revoked_on > {as_of}))
"""
)
_TARGET_TRANSITIONS = (
    _TARGETS
    + """,
p AS (SELECT DISTINCT programme_id FROM t
      WHERE shape IN ('share', 'count', 'count_per_child') AND due_date > {as_of}),
moves AS (
    SELECT e.programme_id, e.unit_id, e.stage_code, e.entered_on,
           lead(e.id) OVER (PARTITION BY e.unit_id, e.programme_id ORDER BY e.entered_on, e.id) AS next_id,
           row_number() OVER (PARTITION BY e.unit_id, e.programme_id ORDER BY e.entered_on, e.id) AS n,
           e.id
    FROM stage_event AS e
    WHERE e.programme_id IN (SELECT programme_id FROM p) AND e.entered_on <= {as_of}
)
SELECT m.programme_id, m.unit_id, u.province_id, u.city_id, u.county_id, s.seq AS from_seq,
       ns.seq AS to_seq, m.entered_on, n.entered_on AS left_on
FROM moves AS m JOIN stage_event AS n ON n.id = m.next_id
JOIN stage AS s ON s.code = m.stage_code JOIN stage AS ns ON ns.code = n.stage_code
JOIN region AS u ON u.id = m.unit_id
UNION ALL
SELECT m.programme_id, m.unit_id, u.province_id, u.city_id, u.county_id, 0, s.seq, pu.enrolled_on,
       m.entered_on
FROM moves AS m JOIN programme_unit AS pu ON pu.unit_id = m.unit_id AND pu.programme_id = m.programme_id
JOIN stage AS s ON s.code = m.stage_code JOIN region AS u ON u.id = m.unit_id
WHERE m.n = 1
"""
)

# The overview's tiles, for the month and the one before.
_STAGE_COUNTS = """
WITH d(day) AS (VALUES {days}),
reached AS (
    SELECT d.day, u.county_id, coalesce((
        SELECT e.stage_code FROM stage_event AS e
        WHERE e.unit_id = u.id AND e.entered_on <= d.day
        ORDER BY e.entered_on DESC, e.id DESC LIMIT 1), 'not_started') AS stage_code
    FROM d CROSS JOIN region AS u
    WHERE u.level = 'unit' AND {units} AND u.id IN (SELECT unit_id FROM programme_unit)
)
SELECT r.day, r.county_id, k.code AS county_code, k.name_zh AS county_zh, k.name_en AS county_en,
       r.stage_code, s.seq AS stage_seq, s.name_zh AS stage_zh, s.name_en AS stage_en, count(*) AS units
FROM reached AS r JOIN region AS k ON k.id = r.county_id JOIN stage AS s ON s.code = r.stage_code
GROUP BY r.day, r.county_id, k.code, k.name_zh, k.name_en, r.stage_code, s.seq, s.name_zh, s.name_en
ORDER BY r.day, k.code, s.seq
"""
_TITLES_HELD = """
WITH d(day) AS (VALUES ({as_of}), ({previous_end}))
SELECT d.day, l.code AS level_code, l.rank AS level_rank, l.name_zh AS level_zh, l.name_en AS level_en,
       count(DISTINCT h.unit_id) AS units
FROM d JOIN title AS h ON h.named_on <= d.day AND (h.valid_until IS NULL OR h.valid_until >= d.day)
                      AND (h.revoked_on IS NULL OR h.revoked_on > d.day)
JOIN region AS u ON u.id = h.unit_id AND (u.id = :city OR u.city_id = :city)
JOIN title_level AS l ON l.id = h.level_id
GROUP BY d.day, l.code, l.rank, l.name_zh, l.name_en
ORDER BY d.day, l.rank
"""
_REPORTING = """
WITH o(month, judged_at) AS (VALUES ({reported}, {now_end}), ({before}, {before_end})),
calendar AS (
    SELECT p.id AS programme_id, o.month, o.judged_at, {month_end} AS month_end, {deadline} AS deadline
    FROM programme AS p CROSS JOIN o
    WHERE o.month BETWEEN {programme_month} AND p.end_date
)
SELECT u.id AS unit_id, u.code AS unit_code, u.name_zh AS unit_zh, u.county_id, c.month, c.deadline,
       s.first_submitted_at, s.revision,
       CASE WHEN s.unit_id IS NULL THEN CASE WHEN c.deadline < c.judged_at THEN 'missing' ELSE 'pending' END
            WHEN s.first_submitted_at <= c.deadline THEN 'on_time' ELSE 'late' END AS status
FROM region AS u JOIN programme_unit AS pu ON pu.unit_id = u.id
JOIN calendar AS c ON c.programme_id = pu.programme_id AND c.month_end >= pu.enrolled_on
LEFT JOIN report_summary AS s ON s.unit_id = u.id AND s.month = c.month AND s.first_submitted_at <= c.judged_at
WHERE u.level = 'unit' AND u.city_id = :city
ORDER BY u.code, c.month
"""
_MONEY = """
WITH d(day) AS (VALUES ({as_of}), ({previous_end})),
reported AS (
    SELECT d.day, sum(s.received_to_date) AS received, sum(s.spent_to_date) AS spent
    FROM d CROSS JOIN region AS u
    JOIN report_summary AS s ON s.unit_id = u.id
     AND s.month = (SELECT max(l.month) FROM report_summary AS l WHERE l.unit_id = u.id AND l.month <= d.day)
    WHERE u.level = 'unit' AND u.city_id = :city
    GROUP BY d.day
)
SELECT d.day,
       (SELECT sum(a.amount) FROM subsidy_allocation AS a JOIN region AS r ON r.id = a.recipient_region_id
        WHERE (r.id = :city OR r.city_id = :city) AND a.allocated_on <= d.day) AS allocated,
       (SELECT sum(x.amount) FROM subsidy_disbursement AS x
        JOIN subsidy_allocation AS a ON a.id = x.allocation_id JOIN region AS r ON r.id = a.recipient_region_id
        WHERE (r.id = :city OR r.city_id = :city) AND a.allocated_on <= d.day AND x.disbursed_on <= d.day)
        AS disbursed,
       r.received, r.spent
FROM d LEFT JOIN reported AS r ON r.day = d.day
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

# The heatmap: per unit of the city, the month's participation and satisfaction, the
# latest complete quarter's education events and the latest complete year's inspections
# and reviews, with the months reported in each; and the units' enrolments (the months
# they owe).
_HARD_RULE_MEASURES = """
SELECT u.id AS unit_id, u.code AS unit_code, u.name_zh AS unit_zh, u.county_id,
       min(CASE WHEN r.month = :month THEN r.participation_rate END) AS participation,
       min(CASE WHEN r.month = :month THEN r.satisfaction_rate END) AS satisfaction,
       count(CASE WHEN r.month = :month THEN 1 END) AS months_in_month,
       sum(CASE WHEN r.month BETWEEN :quarter_first AND :quarter_last THEN r.education_events END) AS education,
       count(CASE WHEN r.month BETWEEN :quarter_first AND :quarter_last THEN 1 END) AS months_in_quarter,
       sum(CASE WHEN r.month BETWEEN :year_first AND :year_last THEN r.inspections END) AS inspections,
       sum(CASE WHEN r.month BETWEEN :year_first AND :year_last THEN r.reviews_held END) AS reviews,
       count(CASE WHEN r.month BETWEEN :year_first AND :year_last THEN 1 END) AS months_in_year
FROM region AS u
LEFT JOIN report AS r ON r.unit_id = u.id AND r.is_current AND r.month BETWEEN :year_first AND :month
WHERE u.level = 'unit' AND u.city_id = :city AND u.id IN (SELECT unit_id FROM programme_unit)
GROUP BY u.id, u.code, u.name_zh, u.county_id
ORDER BY u.code
"""
_HARD_RULE_ENROLMENTS = """
SELECT pu.unit_id, pu.enrolled_on, p.start_date, p.end_date
FROM programme_unit AS pu JOIN programme AS p ON p.id = pu.programme_id JOIN region AS u ON u.id = pu.unit_id
WHERE u.level = 'unit' AND u.city_id = :city
"""

# The district page: money per unit of the county (and the county itself), the units'
# received and spent from the running totals on their latest summary row.
_UNIT_SUBSIDIES = """
SELECT g.id AS region_id, g.code AS region_code, g.name_zh AS region_zh, g.name_en AS region_en, g.level,
       coalesce((SELECT sum(a.amount) FROM subsidy_allocation AS a
                 WHERE a.recipient_region_id = g.id AND a.allocated_on <= :as_of), 0) AS allocated,
       coalesce((SELECT sum(d.amount) FROM subsidy_disbursement AS d
                 JOIN subsidy_allocation AS a ON a.id = d.allocation_id
                 WHERE a.recipient_region_id = g.id AND d.disbursed_on <= :as_of), 0) AS disbursed,
       CASE WHEN g.level = 'unit' THEN coalesce((SELECT s.received_to_date FROM report_summary AS s
            WHERE s.unit_id = g.id AND s.month <= :as_of ORDER BY s.month DESC LIMIT 1), 0) END AS received,
       CASE WHEN g.level = 'unit' THEN coalesce((SELECT s.spent_to_date FROM report_summary AS s
            WHERE s.unit_id = g.id AND s.month <= :as_of ORDER BY s.month DESC LIMIT 1), 0) END AS spent
FROM region AS g
WHERE g.id = :county
   OR (g.level = 'unit' AND g.county_id = :county
       AND (g.id IN (SELECT unit_id FROM programme_unit)
            OR g.id IN (SELECT recipient_region_id FROM subsidy_allocation)))
ORDER BY g.level <> 'county', g.code
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

# The community page (unit ``:unit``): its report revisions, stage events and titles, and the
# grades and domain counts of the months it corrected; its grades per month; activities per
# quarter and year; the monthly figures; accidents per domain and year; its allocations.
_UNIT = "(SELECT id FROM region WHERE code = :unit AND level = 'unit')"

_HISTORY = (
    f"""SELECT r.month, r.revision, r.is_current, r.scheme_id, r.submitted_at, r.submitted_by,
       r.correction_reason, r.stage_code, r.education_events, r.trainings, r.drills, r.inspections,
       r.hazards_found, r.hazards_rectified, r.volunteers, r.reviews_held, r.participation_rate,
       r.satisfaction_rate, r.funds_spent, r.subsidy_received, r.progress_text, r.problems_text,
       r.next_steps_text
FROM report AS r WHERE r.unit_id = {_UNIT} ORDER BY r.month, r.revision""",
    f"""SELECT e.entered_on, e.stage_code, s.name_zh, s.name_en, p.code AS programme_code
FROM stage_event AS e JOIN stage AS s ON s.code = e.stage_code JOIN programme AS p ON p.id = e.programme_id
WHERE e.unit_id = {_UNIT} ORDER BY e.entered_on, e.id""",
    f"""SELECT l.name_zh AS level_zh, l.name_en AS level_en, t.named_on, t.certificate_no, t.valid_until,
       t.revoked_on, t.revocation_reason, t.renews_id, t.id
FROM title AS t JOIN title_level AS l ON l.id = t.level_id
WHERE t.unit_id = {_UNIT} ORDER BY t.named_on, t.id""",
    f"""SELECT r.month, r.revision, i.code AS item_code, g.part_code, g.grade
FROM report AS r JOIN report_grade AS g ON g.report_id = r.id
JOIN indicator_item AS i ON i.id = g.item_id JOIN indicator AS n ON n.id = i.indicator_id
WHERE r.unit_id = {_UNIT} AND r.month IN (SELECT month FROM report WHERE unit_id = {_UNIT} AND revision > 1)
ORDER BY r.month, r.revision, n.seq, i.seq, g.part_code""",
    f"""SELECT r.month, r.revision, d.domain_code, d.projects_running, d.accidents, d.injuries
FROM report AS r JOIN report_domain AS d ON d.report_id = r.id JOIN safety_domain AS s ON s.code = d.domain_code
WHERE r.unit_id = {_UNIT} AND r.month IN (SELECT month FROM report WHERE unit_id = {_UNIT} AND revision > 1)
ORDER BY r.month, r.revision, s.seq""",
)

_GRADES = (
    f"""SELECT m.month, n.seq AS indicator_seq, i.code AS item_code, i.seq AS item_seq, g.part_code,
       p.seq AS part_seq, g.grade
FROM report_summary AS m JOIN report_grade AS g ON g.report_id = m.report_id
JOIN indicator_item AS i ON i.id = g.item_id JOIN indicator AS n ON n.id = i.indicator_id
JOIN scheme_part AS p ON p.scheme_id = g.scheme_id AND p.code = g.part_code
WHERE m.unit_id = {_UNIT} AND m.month <= :month AND m.graded
ORDER BY m.month, n.seq, i.seq, p.seq""",
)

_YEAR_OF = {
    "sqlite": "CAST(strftime('%Y', m.month) AS INTEGER)",
    "postgresql": "CAST(EXTRACT(year FROM m.month) AS INTEGER)",
}
_MONTH_OF = {
    "sqlite": "CAST(strftime('%m', m.month) AS INTEGER)",
    "postgresql": "CAST(EXTRACT(month FROM m.month) AS INTEGER)",
}


def _periods(dialect: str) -> tuple[str, ...]:
    sums = ", ".join(f"sum(r.{c}) AS {c}" for c in REPORT_COUNTS)
    resum = ", ".join(f"CAST(sum({c}) AS INTEGER)" for c in ("months_reported", *REPORT_COUNTS))
    return (
        f"""WITH q AS (
    SELECT {_YEAR_OF[dialect]} AS year, ({_MONTH_OF[dialect]} + 2) / 3 AS quarter, count(*) AS months_reported, {sums}
    FROM report_summary AS m JOIN report AS r ON r.id = m.report_id
    WHERE m.unit_id = {_UNIT} AND m.month <= :month GROUP BY 1, 2)
SELECT * FROM q UNION ALL SELECT year, 0, {resum} FROM q GROUP BY year ORDER BY 1, 2""",
    )


_MONTHS = (
    f"""SELECT m.month, m.revision, r.participation_rate, r.satisfaction_rate, r.hazards_found,
       r.hazards_rectified, r.subsidy_received, r.funds_spent,
       sum(r.subsidy_received) OVER (ORDER BY m.month) AS received_to_date,
       sum(r.funds_spent) OVER (ORDER BY m.month) AS spent_to_date
FROM report_summary AS m JOIN report AS r ON r.id = m.report_id
WHERE m.unit_id = {_UNIT} AND m.month <= :month ORDER BY m.month""",
)


def _outcomes(dialect: str) -> tuple[str, ...]:
    same = f"m.unit_id = {_UNIT} AND m.month <= :month AND {_MONTH_OF[dialect]} <= {_MONTH_OF[dialect].replace('m.month', ':month')}"
    return (
        f"""WITH y AS (SELECT {_YEAR_OF[dialect]} AS year, count(*) AS months_reported FROM report_summary AS m
               WHERE {same} GROUP BY 1),
     s AS (SELECT {_YEAR_OF[dialect]} AS year, d.domain_code, sum(d.accidents) AS accidents,
                  sum(d.injuries) AS injuries, max(d.projects_running) AS projects
           FROM report_summary AS m JOIN report_domain AS d ON d.report_id = m.report_id
           WHERE {same} GROUP BY 1, 2)
SELECT y.year, y.months_reported, sd.code AS domain_code, sd.seq AS domain_seq, sd.name_zh AS domain_zh,
       sd.name_en AS domain_en, coalesce(s.accidents, 0) AS accidents, coalesce(s.injuries, 0) AS injuries,
       coalesce(s.projects, 0) AS projects
FROM y CROSS JOIN safety_domain AS sd LEFT JOIN s ON s.year = y.year AND s.domain_code = sd.code
ORDER BY y.year, sd.seq""",
    )


_ALLOCATIONS = (
    f"""SELECT p.code AS programme_code, src.name_zh AS source_zh, src.name_en AS source_en, a.allocated_on,
       a.amount, (SELECT coalesce(sum(d.amount), 0) FROM subsidy_disbursement AS d
                  WHERE d.allocation_id = a.id AND d.disbursed_on <= :as_of) AS disbursed, a.note
FROM subsidy_allocation AS a JOIN programme AS p ON p.id = a.programme_id
JOIN region AS src ON src.id = a.source_region_id
WHERE a.recipient_region_id = {_UNIT} AND a.allocated_on <= :as_of
ORDER BY a.allocated_on, a.id""",
)


def _targets(view: dict[str, str]) -> list[BestQuery]:
    return [
        BestQuery(
            "per target × county: units and those counting toward it; budgets paid and allocated",
            _per_dialect(_TARGET_COUNTS, view=view),
            "attainment.target_progress",
        ),
        BestQuery(
            "the targets' events, untitled units and stage moves up to as-of",
            _per_dialect(_TARGET_EVENTS, _TARGET_UNTITLED, _TARGET_TRANSITIONS, view=view),
            "target_history.target_history",
        ),
    ]


BEST: dict[str, list[BestQuery]] = {
    "pages/overview.py": [
        *_targets(CITY_VIEW),
        BestQuery(
            "units per county × stage on the month's last day and the month before's",
            _per_dialect(_STAGE_COUNTS, view=CITY_VIEW),
            "stages.stage_counts",
        ),
        BestQuery(
            "each unit's report for the two months collected, judged as each stood",
            _per_dialect(_REPORTING),
            "progress.reporting_status",
        ),
        BestQuery(
            "units holding each title level on the two days", _per_dialect(_TITLES_HELD), "titles.titles_held"
        ),
        BestQuery(
            "money allocated, paid, received and spent up to the two days",
            _per_dialect(_MONEY),
            "subsidies.subsidy_totals",
        ),
    ],
    "pages/district.py": [
        *_targets(COUNTY_VIEW),
        BestQuery(
            "the county's units per stage on the month's last day",
            _per_dialect(_STAGE_COUNTS, view=COUNTY_VIEW),
            "stages.stage_counts",
        ),
        BestQuery("stage events of the county's units", _both(_STAGE_EVENTS), "stages.stage_events"),
        BestQuery(
            "money allocated, paid, received and spent per unit of the county",
            _both(_UNIT_SUBSIDIES),
            "subsidies.unit_subsidies",
        ),
    ],
    "pages/heatmap.py": [
        BestQuery(
            "latest graded summary row per unit of the city",
            _both(_LATEST_SCORES),
            "scores.current_indicator_scores",
        ),
        BestQuery(
            "per unit of the city: the month's rates, the quarter's education, the year's "
            "inspections and reviews, and the months reported in each",
            _both(_HARD_RULE_MEASURES, _HARD_RULE_ENROLMENTS),
            "hard_rules.hard_rule_measures",
        ),
    ],
    "pages/community.py": [
        BestQuery(
            "the unit's revisions, stage events and titles; grades and domains of corrected months",
            _both(*_HISTORY),
            "units.unit_history",
        ),
        BestQuery("the unit's grades per month up to the month", _both(*_GRADES), "grades.unit_item_grades"),
        BestQuery(
            "activities per quarter and year up to the month",
            {d: _periods(d) for d in ("sqlite", "postgresql")},
            "reports.unit_activity_periods",
        ),
        BestQuery("the monthly figures with money so far", _both(*_MONTHS), "reports.unit_months"),
        BestQuery(
            "accidents, injuries and projects per domain and year, to the same month",
            {d: _outcomes(d) for d in ("sqlite", "postgresql")},
            "reports.unit_domain_outcomes",
        ),
        BestQuery(
            "the unit's allocations and what was paid", _both(*_ALLOCATIONS), "subsidies.unit_allocations"
        ),
    ],
}
