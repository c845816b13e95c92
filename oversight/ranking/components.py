"""The five components a unit is scored on, each 0–100 with the facts it was worked from
and the actions that would raise it (docs/ranking.md, "Components").

Each component calls the one rule every page uses for its verdicts: stages
:func:`oversight.schedule.judged_rows` (:func:`~oversight.schedule.judge_schedule`'s rows), reports :func:`oversight.reporting.report_status`,
activities :func:`oversight.hard_rules.judge`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import namedtuple
from dataclasses import dataclass, field

import pandas as pd

from oversight.hard_rules import judge, required
from oversight.periods import PERIOD_MONTHS, as_date, month_end, months_between, months_owed, report_deadline
from oversight.ranking.inputs import RULE_COLUMNS, RankingInputs
from oversight.ranking.ranks import hundredths
from oversight.ranking.results import Fact
from oversight.reporting import report_status
from oversight.schedule import judged_rows


@dataclass(frozen=True)
class Action:
    """Something the unit can still do, and how many points of its component's score
    (0–100) it would add."""

    key: str
    values: dict
    gain: float


@dataclass(frozen=True)
class Scored:
    """A component's score for one unit (None: it does not apply), its facts, its actions."""

    code: str
    score: float | None
    facts: tuple[Fact, ...]
    actions: tuple[Action, ...] = field(default=())


_Rule = namedtuple("Rule", RULE_COLUMNS)
"""A row of ``RankingInputs.rules``, its class made once rather than by ``itertuples``
on every ranking."""


def year_start(month: dt.date) -> dt.date:
    return dt.date(month.year, 1, 1)


def owed_range(owed_from, owed_to, month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last month of the year up to ``month`` a unit owing reports from
    ``owed_from`` to ``owed_to`` owes one for (none when the first is after the last)."""
    return max(year_start(month), as_date(owed_from)), min(month, as_date(owed_to))


def columns(frame: pd.DataFrame, *names: str) -> zip:
    """The rows of ``frame``'s columns as plain tuples: ``itertuples`` builds a row
    object per unit and reads string columns through pyarrow one value at a time."""
    return zip(*(frame[name].tolist() for name in names), strict=True)


def stages(inputs: RankingInputs) -> dict[int, Scored]:
    """100 × (on time + ½ late) ÷ (on time + late + overdue) over the unit's applicable
    planned stages judged by the month's end; None when none is judged yet."""
    as_of = month_end(inputs.month)
    units = inputs.units
    scored = {int(u): Scored("stages", None, (Fact("stages.none", {}),)) for u in units["unit_id"]}
    if inputs.planned.empty or units.empty:
        return scored
    enrolments = pd.DataFrame(
        {
            "programme_id": inputs.planned["programme_id"].iloc[0],
            "unit_id": units["unit_id"],
            "enrolled_on": [as_date(d) for d in units["enrolled_on"]],
        }
    )
    judged = judged_rows(inputs.planned, enrolments, inputs.events, inputs.stage_seq, as_of)
    # Plain lists, not a groupby: a frame per unit was most of a city's ranking.
    by_unit: dict[int, list[tuple]] = {}
    for row in judged:
        if row[9] != "pending":
            by_unit.setdefault(int(row[1]), []).append(row)
    isos: dict[dt.date, str] = {}
    for unit_id, rows in by_unit.items():
        verdicts = [row[9] for row in rows]
        on_time, late, overdue = (verdicts.count(v) for v in ("on_time", "late", "overdue"))
        total = on_time + late + overdue
        facts = [Fact("stages.summary", {"on_time": on_time, "late": late, "overdue": overdue})]
        actions = []
        for _, _, _, stage_zh, stage_en, _, planned_end, _, reached_on, verdict, days_late in rows:
            if verdict == "on_time":
                continue
            end = isos.get(planned_end)
            if end is None:
                end = isos[planned_end] = as_date(planned_end).isoformat()
            stage = {"stage_zh": stage_zh, "stage_en": stage_en, "planned_end": end, "days": int(days_late)}
            if verdict == "overdue":
                facts.append(Fact("stage.overdue", stage))
                # Reached now, the stage counts late: half of its share.
                actions.append(Action("lift.stage", dict(stage), 100 * 0.5 / total))
            elif verdict == "late":
                facts.append(Fact("stage.late", stage | {"reached_on": as_date(reached_on).isoformat()}))
        scored[unit_id] = Scored("stages", 100 * (on_time + 0.5 * late) / total, tuple(facts), tuple(actions))
    return scored


def assessment(inputs: RankingInputs) -> dict[int, Scored]:
    """The latest self-assessment score up to the month; 0 when the unit has none."""
    scored = {}
    for unit_id, score, month in columns(inputs.units, "unit_id", "assessment", "assessment_month"):
        if score is None or pd.isna(score):
            scored[int(unit_id)] = Scored("assessment", 0.0, (Fact("assessment.none", {}),))
        else:
            values = {"score": hundredths(float(score)), "month": as_date(month).isoformat()}
            scored[int(unit_id)] = Scored("assessment", float(score), (Fact("assessment.score", values),))
    return scored


def reporting(inputs: RankingInputs) -> dict[int, Scored]:
    """100 × (on time and complete + ½ late or incomplete) ÷ the months owed this year
    to the month; a missing report earns nothing.  None when no month is owed."""
    year = months_between(year_start(inputs.month), inputs.month)
    deadlines = {month: report_deadline(month, inputs.deadline_day) for month in year}
    isos = {month: month.isoformat() for month in year}
    judged_at = inputs.judged_at
    # Each report judged once as it is read; a month without a report has the same
    # verdict for every unit: judged once.  Most months are on time and complete and
    # only counted: a unit's loop runs over the others.
    unreported = {month: (report_status(None, deadlines[month], judged_at), False, None) for month in year}
    good: dict[int, set[dt.date]] = {}
    other: dict[int, dict[dt.date, tuple]] = {}
    for unit_id, month, at, complete in columns(
        inputs.reports, "unit_id", "month", "first_submitted_at", "complete"
    ):
        status = report_status(at, deadlines[month], judged_at)
        if status == "on_time" and complete:
            good.setdefault(unit_id, set()).add(month)
        else:
            other.setdefault(unit_id, {})[month] = (status, complete, at)
    scored = {}
    for unit_id, owed_from, owed_to in columns(inputs.units, "unit_id", "owed_from", "owed_to"):
        unit_id = int(unit_id)
        first, last = owed_range(owed_from, owed_to, inputs.month)
        if first > last:
            scored[unit_id] = Scored("reporting", None, (Fact("reporting.none", {}),))
            continue
        owed = year[first.month - 1 : last.month]
        goods = good.get(unit_id)
        rest = owed if goods is None else [month for month in owed if month not in goods]
        judged = other.get(unit_id, {})
        earned, facts, actions = float(len(owed) - len(rest)), [], []
        counts = {"on_time": len(owed) - len(rest), "late": 0, "missing": 0, "incomplete": 0}
        for month in rest:
            status, complete, submitted = judged.get(month) or unreported[month]
            counts[status] += 1
            iso = isos[month]
            if status == "missing":
                facts.append(Fact("report.missing", {"month": iso}))
                actions.append(Action("lift.report", {"month": iso}, 100 * 0.5 / len(owed)))
                continue
            if status == "late":
                days = (pd.Timestamp(submitted).date() - deadlines[month].date()).days
                facts.append(Fact("report.late", {"month": iso, "days": days}))
            if not complete:
                counts["incomplete"] += 1
                facts.append(Fact("report.incomplete", {"month": iso}))
            earned += 0.5
        summary = Fact("reporting.summary", {"owed": len(owed), **counts})
        scored[unit_id] = Scored("reporting", 100 * earned / len(owed), (summary, *facts), tuple(actions))
    return scored


def activities(inputs: RankingInputs) -> dict[int, Scored]:
    """The share of the count rules' requirements met over the year to the month: each
    calendar period of each rule the unit owes months in is one requirement, judged by
    :func:`oversight.hard_rules.judge`; a period still running asks its minimum pro rata
    to the months owed so far, rounded down (a requirement of which no whole unit is due
    yet is not asked).  None when nothing is asked yet."""
    rules = {row[0]: _Rule._make(row) for row in columns(inputs.rules, *RULE_COLUMNS)}
    spans = {
        int(u): (as_date(f), as_date(t))
        for u, f, t in columns(inputs.units, "unit_id", "owed_from", "owed_to")
    }
    found: dict[int, list[tuple]] = {unit_id: [] for unit_id in spans}
    # Units share periods, spans and counts: each verdict is judged once per distinct
    # (rule, period, months owed, count), not once per unit.
    owed_of: dict[tuple, int] = {}
    verdict_of: dict[tuple, tuple[float, str] | None] = {}
    rows = columns(inputs.activities, "unit_id", "rule_code", "first_month", "last_month", "value")
    for unit_id, code, first, last, value in rows:
        span = spans[unit_id]
        key = (first, last, span)
        owed = owed_of.get(key)
        if owed is None:
            owed = owed_of[key] = months_owed(first, min(last, inputs.month), *span)
        if owed <= 0:
            continue
        key = (code, first, last, owed, value)
        if key not in verdict_of:
            verdict_of[key] = _requirement(rules[code], last, inputs.month, owed, value)
        if verdict_of[key] is not None:
            need, verdict = verdict_of[key]
            found[unit_id].append((rules[code], first, last, value, need, verdict))
    scored = {}
    for unit_id, checks in found.items():
        if not checks:
            scored[unit_id] = Scored("activities", None, (Fact("activities.none", {}),))
            continue
        met = sum(verdict == "ok" for *_, verdict in checks)
        facts = [Fact("activities.summary", {"met": met, "required": len(checks)})]
        actions = []
        for rule, first, last, value, need, verdict in checks:
            if verdict == "ok":
                continue
            values = {
                "rule": rule.code,
                "name_zh": rule.name_zh,
                "name_en": rule.name_en,
                "value": _number(value),
                "required": _number(need),
                "period_start": first.isoformat(),
                "period_end": last.isoformat(),
                "verdict": verdict,
            }
            facts.append(Fact("rule.not_met", values))
            if verdict != "in_progress":
                continue  # a period that is over can no longer be made good
            more = need - value + (1 if rule.strict else 0)
            lift = {"rule": rule.code, "name_zh": rule.name_zh, "name_en": rule.name_en}
            lift |= {"more": _number(more), "period_end": last.isoformat()}
            actions.append(Action("lift.activity", lift, 100 / len(checks)))
        scored[unit_id] = Scored("activities", 100 * met / len(checks), tuple(facts), tuple(actions))
    return scored


def hazards(inputs: RankingInputs) -> dict[int, Scored]:
    """100 × rectified ÷ found over the year to the month; 100 when none was found."""
    scored = {}
    for unit_id, found, rectified in columns(inputs.units, "unit_id", "hazards_found", "hazards_rectified"):
        found, rectified = int(found), int(rectified)
        open_ = found - rectified
        if open_ <= 0:
            summary = Fact("hazards.summary", {"found": found, "rectified": rectified})
            scored[int(unit_id)] = Scored("hazards", 100.0, (summary,))
            continue
        facts = (Fact("hazards.open", {"found": found, "rectified": rectified, "open": open_}),)
        actions = (Action("lift.hazards", {"open": open_}, 100 * open_ / found),)
        scored[int(unit_id)] = Scored("hazards", 100 * rectified / found, facts, actions)
    return scored


def _requirement(rule, last: dt.date, month: dt.date, owed: int, value: float) -> tuple[float, str] | None:
    """What a period of ``rule`` ending in ``last`` asks of a unit that owed ``owed`` of
    its months by ``month``, and the verdict on ``value``; None when it asks nothing yet."""
    length = PERIOD_MONTHS[rule.period]
    if min(last, month) == last:
        verdict = judge(value, rule.minimum, rule.strict, rule.fail_below, owed, length, True)
        return required(rule.minimum, owed, length), verdict
    # The running period asks only the whole share due so far: no review (1 a year) in
    # February, one inspection (4 a year) from March.
    need = float(math.floor(rule.minimum * owed / length))
    if need == 0:
        return None
    return need, judge(value, need, rule.strict, None, 1, 1, False)


SCORERS = {
    "stages": stages,
    "assessment": assessment,
    "activities": activities,
    "reporting": reporting,
    "hazards": hazards,
}
"""Each component's scorer, by the codes of :data:`oversight.ranking.method.COMPONENTS`."""


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else hundredths(float(value))
