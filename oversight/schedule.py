"""Judging units against their programme's planned stages: on time, late, overdue.

A programme plans its work in dated stages (programme_stage: 启动 2011-05-01..05-31,
推进实施 06-01..10-30, ...), while each unit records its own path through the stage
table (launched → implementing → self_assessed → applied → county_reviewed →
city_reviewed → onsite_evaluated → named).  The two are tied by a *milestone*: the
step of the unit's path that a planned stage expects each unit to have reached by the
stage's planned end.  The programme stage's Chinese name decides it, by the first
keyword of :data:`MILESTONES` it contains:

==============================  =================  ===================================
keyword in the stage's name     milestone          seed stages it covers
==============================  =================  ===================================
全面 (roll-out)                  launched           大武口 全面推进; 石家庄 全面创建
提高, 巩固 (consolidation)       none               石家庄 提高; 巩固提高
命名 (naming)                    named              遂宁 省级评定命名; 评定命名
申报 (application)               applied            大武口 自查、申报和验收; 遂宁 自评申报
验收, 评定 (acceptance)          onsite_evaluated   an acceptance stage without 申报
评估, 自查, 自评 (assessment)    self_assessed      石家庄 评估
实施, 找差距, 添措施             implementing       大武口 推进实施; 石家庄 实施; 遂宁 找差距、添措施
启动, 备案 (launch)              launched           启动; 遂宁 备案
==============================  =================  ===================================

The order matters: a roll-out (全面推进) is not an implementation stage although it says
推进, and in 自查、申报和验收 the unit's own deliverable is the application, while the
acceptance is the evaluators' work.  A roll-out asks every unit still outside to start;
a consolidation stage asks nothing of a unit's path.  A stage whose name has none of
these keywords has no milestone and is shown without a verdict.

A planned stage applies to a unit enrolled on or before the stage's planned start: a
street that joins in the roll-out is not held to the pilots' launch date.  Verdicts,
for each unit and applicable stage with a milestone, on ``as_of``:

- ``on_time``: the unit reached the milestone (or a later step) by the planned end;
- ``late``: it reached it, but after the planned end;
- ``overdue``: it has not reached it and the planned end is ``as_of`` or before: the
  plan's day has come, whatever the month viewed (as a target due on or before the as-of
  day is judged missed, ``docs/forecast.md``);
- ``pending``: it has not reached it and the planned end is after ``as_of``.

``as_of`` is the end of its day (the last day of the month viewed): a unit that has not
reached a stage's milestone by the end of its planned last day is overdue from then, 0
days on that day itself.  The method is written down in ``docs/rules.md``, section 3.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple

import pandas as pd

MILESTONES: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("全面",), "launched"),
    (("提高", "巩固"), None),
    (("命名",), "named"),
    (("申报",), "applied"),
    (("验收", "评定"), "onsite_evaluated"),
    (("评估", "自查", "自评"), "self_assessed"),
    (("实施", "找差距", "添措施"), "implementing"),
    (("启动", "备案"), "launched"),
)
VERDICTS = ("on_time", "late", "overdue", "pending")
JUDGED_COLUMNS = [
    "programme_id",
    "unit_id",
    "stage_seq",
    "stage_zh",
    "stage_en",
    "planned_start",
    "planned_end",
    "milestone",
    "reached_on",
    "verdict",
    "days_late",
]
OVERDUE_COLUMNS = ["programme_id", "unit_id", "expected", "overdue_since", "days_overdue", "stages_overdue"]


_PlannedStage = namedtuple(
    "PlannedStage", ["programme_id", "seq", "name_zh", "name_en", "planned_start", "planned_end"]
)
"""A row of a programme's planned stages, as :func:`judged_rows` reads it."""


def milestone_for(stage_name_zh: str) -> str | None:
    """The step of a unit's path a planned stage expects by its end (see the module's table)."""
    for keywords, milestone in MILESTONES:
        if any(keyword in stage_name_zh for keyword in keywords):
            return milestone
    return None


def judge_schedule(
    planned: pd.DataFrame,
    enrolments: pd.DataFrame,
    events: pd.DataFrame,
    stage_seq: dict[str, int],
    as_of: dt.date,
) -> pd.DataFrame:
    """One row per enrolled unit × applicable planned stage with a milestone: the verdict.

    ``planned``: programme_id, seq, name_zh, name_en, planned_start, planned_end (one row
    per planned stage); ``enrolments``: programme_id, unit_id, enrolled_on;
    ``events``: programme_id, unit_id, stage_code, entered_on (only those up to
    ``as_of`` count); ``stage_seq``: each stage code's place on the path.
    ``days_late`` counts the days past the planned end: until the milestone was reached
    (late) or until ``as_of`` (overdue, 0 when the stage ends on ``as_of``); 0 otherwise.  Columns: :data:`JUDGED_COLUMNS`.
    """
    return pd.DataFrame(judged_rows(planned, enrolments, events, stage_seq, as_of), columns=JUDGED_COLUMNS)


def judged_rows(
    planned: pd.DataFrame,
    enrolments: pd.DataFrame,
    events: pd.DataFrame,
    stage_seq: dict[str, int],
    as_of: dt.date,
) -> list[tuple]:
    """:func:`judge_schedule`'s rows as plain tuples in :data:`JUDGED_COLUMNS` order, for
    a caller that only reads them one by one (the ranking: a frame of a province's 25,000
    verdicts cost more to build and read back than judging them)."""
    rows = []
    reached = _first_reached(events, stage_seq, as_of)
    # Each programme's enrolments as plain pairs, filtered per stage: a frame mask per
    # planned stage cost more than judging its units.
    enrolled: dict[int, list[tuple[int, dt.date]]] = {}
    columns = (enrolments[c].tolist() for c in ("programme_id", "unit_id", "enrolled_on"))
    for programme_id, unit_id, enrolled_on in zip(*columns, strict=True):
        enrolled.setdefault(programme_id, []).append((unit_id, enrolled_on))
    for stage in map(
        _PlannedStage._make, zip(*(planned[c].tolist() for c in _PlannedStage._fields), strict=True)
    ):
        milestone = milestone_for(stage.name_zh)
        if milestone is None:
            continue
        seq = stage_seq[milestone]
        for unit_id, enrolled_on in enrolled.get(stage.programme_id, ()):
            if not enrolled_on <= stage.planned_start:
                continue
            reached_on = _reached_on(reached.get((stage.programme_id, unit_id), []), seq)
            if reached_on is not None:
                verdict = "on_time" if reached_on <= stage.planned_end else "late"
                days_late = max((reached_on - stage.planned_end).days, 0)
            elif stage.planned_end <= as_of:
                verdict, days_late = "overdue", (as_of - stage.planned_end).days
            else:
                verdict, days_late = "pending", 0
            # Rows as tuples in JUDGED_COLUMNS order: a dict per row made the frame slow to build.
            rows.append(
                (
                    stage.programme_id,
                    unit_id,
                    stage.seq,
                    stage.name_zh,
                    stage.name_en,
                    stage.planned_start,
                    stage.planned_end,
                    milestone,
                    reached_on,
                    verdict,
                    days_late,
                )
            )
    return rows


def overdue_units(judged: pd.DataFrame, stage_seq: dict[str, int]) -> pd.DataFrame:
    """One row per unit × programme with at least one overdue planned stage.

    ``expected`` is the furthest milestone the unit should have reached by now,
    ``overdue_since`` the earliest planned end it missed, ``days_overdue`` the days
    since then, ``stages_overdue`` how many planned stages are overdue.  Columns:
    :data:`OVERDUE_COLUMNS`, most overdue first.
    """
    overdue = judged[judged["verdict"] == "overdue"]
    rows = []
    for (programme_id, unit_id), stages in overdue.groupby(["programme_id", "unit_id"], sort=False):
        furthest = max(stages["milestone"], key=stage_seq.__getitem__)
        rows.append(
            {
                "programme_id": programme_id,
                "unit_id": unit_id,
                "expected": furthest,
                "overdue_since": min(stages["planned_end"]),
                "days_overdue": int(stages["days_late"].max()),
                "stages_overdue": len(stages),
            }
        )
    frame = pd.DataFrame(rows, columns=OVERDUE_COLUMNS)
    return frame.sort_values(["days_overdue", "unit_id"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def _first_reached(
    events: pd.DataFrame, stage_seq: dict[str, int], as_of: dt.date
) -> dict[tuple[int, int], list[tuple[int, dt.date]]]:
    """Per (programme, unit): (seq, entered_on) of each event up to ``as_of``."""
    reached: dict[tuple[int, int], list[tuple[int, dt.date]]] = {}
    columns = (events[c].tolist() for c in ("programme_id", "unit_id", "stage_code", "entered_on"))
    for programme_id, unit_id, stage_code, entered_on in zip(*columns, strict=True):
        if entered_on <= as_of:
            reached.setdefault((programme_id, unit_id), []).append((stage_seq[stage_code], entered_on))
    return reached


def _reached_on(steps: list[tuple[int, dt.date]], seq: int) -> dt.date | None:
    """The first day the unit stood at step ``seq`` or further, if it has."""
    days = [entered_on for step, entered_on in steps if step >= seq]
    return min(days) if days else None
