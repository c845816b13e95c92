"""The five components a unit is scored on, each 0–100 with the facts it was worked from
and the actions that would raise it (docs/ranking.md, "Components").

Each component calls the one rule every page uses for its verdicts: stages
:func:`oversight.schedule.judge_schedule`, reports :func:`oversight.reporting.report_status`,
activities :func:`oversight.hard_rules.judge`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from oversight.hard_rules import judge, required
from oversight.periods import PERIOD_MONTHS, as_date, month_end, months_between, months_owed, report_deadline
from oversight.ranking.inputs import RankingInputs
from oversight.ranking.ranks import hundredths
from oversight.ranking.results import Fact
from oversight.reporting import report_status
from oversight.schedule import judge_schedule


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


def year_start(month: dt.date) -> dt.date:
    return dt.date(month.year, 1, 1)


def owed_months(unit, month: dt.date) -> list[dt.date]:
    """The months of the year up to ``month`` the unit owes a report for."""
    first = max(year_start(month), as_date(unit.owed_from))
    last = min(month, as_date(unit.owed_to))
    return months_between(first, last) if first <= last else []


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
    judged = judge_schedule(inputs.planned, enrolments, inputs.events, inputs.stage_seq, as_of)
    # Plain lists, not a groupby: a frame per unit was most of a city's ranking.
    by_unit: dict[int, list[tuple]] = {}
    columns = ["unit_id", "verdict", "stage_zh", "stage_en", "planned_end", "reached_on", "days_late"]
    for row in zip(*(judged[c].tolist() for c in columns), strict=True):
        if row[1] != "pending":
            by_unit.setdefault(int(row[0]), []).append(row)
    for unit_id, rows in by_unit.items():
        verdicts = [row[1] for row in rows]
        on_time, late, overdue = (verdicts.count(v) for v in ("on_time", "late", "overdue"))
        total = on_time + late + overdue
        facts = [Fact("stages.summary", {"on_time": on_time, "late": late, "overdue": overdue})]
        actions = []
        for _, verdict, stage_zh, stage_en, planned_end, reached_on, days_late in rows:
            stage = {
                "stage_zh": stage_zh,
                "stage_en": stage_en,
                "planned_end": as_date(planned_end).isoformat(),
                "days": int(days_late),
            }
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
    for unit in inputs.units.itertuples(index=False):
        if unit.assessment is None or pd.isna(unit.assessment):
            scored[int(unit.unit_id)] = Scored("assessment", 0.0, (Fact("assessment.none", {}),))
        else:
            values = {
                "score": hundredths(float(unit.assessment)),
                "month": as_date(unit.assessment_month).isoformat(),
            }
            scored[int(unit.unit_id)] = Scored(
                "assessment", float(unit.assessment), (Fact("assessment.score", values),)
            )
    return scored


def reporting(inputs: RankingInputs) -> dict[int, Scored]:
    """100 × (on time and complete + ½ late or incomplete) ÷ the months owed this year
    to the month; a missing report earns nothing.  None when no month is owed."""
    reports = {
        (int(u), as_date(m)): (at, bool(c))
        for u, m, at, c in zip(
            *(inputs.reports[c].tolist() for c in ("unit_id", "month", "first_submitted_at", "complete")),
            strict=True,
        )
    }
    year = months_between(year_start(inputs.month), inputs.month)
    deadlines = {month: report_deadline(month, inputs.deadline_day) for month in year}
    judged_at = inputs.judged_at
    scored = {}
    for unit in inputs.units.itertuples(index=False):
        owed = owed_months(unit, inputs.month)
        if not owed:
            scored[int(unit.unit_id)] = Scored("reporting", None, (Fact("reporting.none", {}),))
            continue
        earned, facts, actions = 0.0, [], []
        counts = {"on_time": 0, "late": 0, "missing": 0, "incomplete": 0}
        for month in owed:
            deadline = deadlines[month]
            submitted, complete = reports.get((int(unit.unit_id), month), (None, False))
            status = report_status(submitted, deadline, judged_at)
            counts[status] += 1
            if status == "missing":
                facts.append(Fact("report.missing", {"month": month.isoformat()}))
                actions.append(Action("lift.report", {"month": month.isoformat()}, 100 * 0.5 / len(owed)))
                continue
            if status == "late":
                days = (pd.Timestamp(submitted).date() - deadline.date()).days
                facts.append(Fact("report.late", {"month": month.isoformat(), "days": days}))
            if not complete:
                counts["incomplete"] += 1
                facts.append(Fact("report.incomplete", {"month": month.isoformat()}))
            earned += 1.0 if status == "on_time" and complete else 0.5
        summary = Fact("reporting.summary", {"owed": len(owed), **counts})
        scored[int(unit.unit_id)] = Scored(
            "reporting", 100 * earned / len(owed), (summary, *facts), tuple(actions)
        )
    return scored


def activities(inputs: RankingInputs) -> dict[int, Scored]:
    """The share of the count rules' requirements met over the year to the month: each
    calendar period of each rule the unit owes months in is one requirement, judged by
    :func:`oversight.hard_rules.judge`; a period still running asks its minimum pro rata
    to the months owed so far, rounded down (a requirement of which no whole unit is due
    yet is not asked).  None when nothing is asked yet."""
    rules = {row.code: row for row in inputs.rules.itertuples(index=False)}
    spans = {
        int(u): (as_date(f), as_date(t))
        for u, f, t in zip(
            *(inputs.units[c].tolist() for c in ("unit_id", "owed_from", "owed_to")), strict=True
        )
    }
    found: dict[int, list[tuple]] = {unit_id: [] for unit_id in spans}
    columns = (
        inputs.activities[c].tolist() for c in ("unit_id", "rule_code", "first_month", "last_month", "value")
    )
    for unit_id, code, first_month, last_month, value in zip(*columns, strict=True):
        rule = rules[code]
        first, last = as_date(first_month), as_date(last_month)
        until = min(last, inputs.month)
        owed = months_owed(first, until, *spans[int(unit_id)])
        if owed <= 0:
            continue
        length = PERIOD_MONTHS[rule.period]
        value = float(value)
        if until == last:
            verdict = judge(value, rule.minimum, rule.strict, rule.fail_below, owed, length, True)
            need = required(rule.minimum, owed, length)
        else:
            # The running period asks only the whole share due so far: no review (1 a
            # year) in February, one inspection (4 a year) from March.
            need = float(math.floor(rule.minimum * owed / length))
            if need == 0:
                continue
            verdict = judge(value, need, rule.strict, None, 1, 1, False)
        found[int(unit_id)].append((rule, first, last, value, need, verdict))
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
            more = need - value + (1 if rule.strict else 0)
            lift = {"rule": rule.code, "name_zh": rule.name_zh, "name_en": rule.name_en}
            lift |= {"more": _number(more), "period_end": last.isoformat()}
            actions.append(Action("lift.activity", lift, 100 / len(checks)))
        scored[unit_id] = Scored("activities", 100 * met / len(checks), tuple(facts), tuple(actions))
    return scored


def hazards(inputs: RankingInputs) -> dict[int, Scored]:
    """100 × rectified ÷ found over the year to the month; 100 when none was found."""
    scored = {}
    for unit in inputs.units.itertuples(index=False):
        found, rectified = int(unit.hazards_found), int(unit.hazards_rectified)
        open_ = found - rectified
        if open_ <= 0:
            summary = Fact("hazards.summary", {"found": found, "rectified": rectified})
            scored[int(unit.unit_id)] = Scored("hazards", 100.0, (summary,))
            continue
        facts = (Fact("hazards.open", {"found": found, "rectified": rectified, "open": open_}),)
        actions = (Action("lift.hazards", {"open": open_}, 100 * open_ / found),)
        scored[int(unit.unit_id)] = Scored("hazards", 100 * rectified / found, facts, actions)
    return scored


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
