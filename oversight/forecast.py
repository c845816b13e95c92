"""Forecasting targets: met, on track, at risk or missed, and when at the current pace.

Leaders ask of every target not only whether it is met and how far off, but, before its
due date, whether the current pace will make it (docs/domain.md §3).  The method, with a
worked example, is written down for the bureau in ``docs/forecast.md``; the constants
below are the ones it quotes, so a circular that cites a forecast can be reproduced.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from oversight.statuses import STATUS_CODES
from oversight.target_history import TargetHistory
from oversight.vocabulary import PER_CHILD, TITLE_SHAPES

STATUSES = STATUS_CODES
"""The status codes a forecast gives, in order (declared in :mod:`oversight.statuses`)."""

Events = Sequence[tuple[dt.date, float]]
"""A target row's events as (on, amount), by date (:class:`TargetHistory`'s ``events``)."""

Untitled = Sequence[tuple[int, dt.date]]
"""A title row's units without the title as (stage_seq, entered_on) (``untitled``)."""

COLUMNS = ["status", "projected_date", "needed_per_month", "months_left", "pace_per_month", "stalled_units"]

DAYS_PER_MONTH = 365.25 / 12
"""A month, for rates: 30.44 days."""

MIN_OBSERVATIONS = 3
"""Stage moves needed before their median is trusted; fewer fall back a level."""

STALL_FACTOR = 3.0
STALL_FLOOR_DAYS = 6 * DAYS_PER_MONTH
"""A unit is stalled once it has sat in its stage longer than three times the usual
time and longer than six months: a slow month is not a stall, half a year is."""

DEFAULT_MONTHS = {
    "not_started": 1.0,
    "launched": 1.0,
    "implementing": 5.0,
    "self_assessed": 0.5,
    "applied": 0.5,
    "county_reviewed": 0.5,
    "city_reviewed": 0.5,
    "onsite_evaluated": 1.0,
}
"""Months per stage when too few units have moved on: the seed plans' timetable.

Dawukou 2011 planned 启动 in May, 推进实施 from June to October, 自查、申报和验收 from
November to 20 December; Shijiazhuang 2008 the same rhythm (启动 early May, 实施 to late
November, 评估 in December).  About ten months from enrolment to 命名.
"""


@dataclass(frozen=True)
class RowForecast:
    """The forecast of one target × region row; see :data:`COLUMNS`."""

    status: str
    projected_date: dt.date | None = None
    needed_per_month: float | None = None
    months_left: float | None = None
    pace_per_month: float | None = None
    stalled_units: int | None = None


def forecast_targets(assessed: pd.DataFrame, history: TargetHistory, as_of: dt.date) -> pd.DataFrame:
    """Add :data:`COLUMNS` to every row of :func:`oversight.attainment.assess_targets`.

    ``status`` is ``met``; else ``missed`` once the due date has come; else
    ``not_started`` before the programme's start; else ``on_track`` when the projected
    date is on or before the due date, and ``at_risk`` when it is later or cannot be
    projected.  ``needed_per_month`` is the gap spread over the ``months_left`` until the
    due date, ``pace_per_month`` what was achieved per month since the programme started,
    ``stalled_units`` how many units of a title row have stopped moving.  A per-child
    scope row is judged from its children.

    Examples
    --------
    >>> as_of = dt.date(2020, 6, 30)
    >>> assessed = assess_targets(target_progress(engine, as_of))  # doctest: +SKIP
    >>> forecast_targets(assessed, target_history(engine, as_of), as_of)  # doctest: +SKIP
    """
    frame = assessed.copy()
    records = [
        dict(zip(_FIELDS, values, strict=True))
        for values in zip(*(frame[field].tolist() for field in _FIELDS), strict=True)
    ]
    forecasts = row_forecasts(records, history, as_of)
    for column in COLUMNS:
        values = [getattr(forecast, column) for forecast in forecasts]
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def row_forecasts(records: Sequence[Mapping], history: TargetHistory, as_of: dt.date) -> list[RowForecast]:
    """The forecast of each assessed row, given as a mapping of :data:`_FIELDS`: the rule
    :func:`forecast_targets` adds to a frame, for a caller that holds a few rows as plain
    values (the ranking's counties).  A per-child scope row is judged from its children
    among ``records``."""
    rows = _Rows(history, as_of)
    with_children = {row["target_id"] for row in records if row["role"] == "child"}
    by_children = [
        row["shape"] in PER_CHILD and row["role"] == "scope" and row["target_id"] in with_children
        for row in records
    ]
    children: dict[object, list[int]] = {}
    for position, row in enumerate(records):
        if row["role"] == "child":
            children.setdefault(row["target_id"], []).append(position)
    forecasts = [
        None if judged else rows.forecast(row) for row, judged in zip(records, by_children, strict=True)
    ]
    for position, judged in enumerate(by_children):
        if judged:
            row = records[position]
            own = [forecasts[i] for i in children[row["target_id"]]]
            forecasts[position] = combine_children(rows.forecast(row), own)
    return forecasts


_FIELDS = ("target_id", "region_id", "role", "shape", "met", "due_date", "gap", "judged_on")
"""The fields of a target row a forecast reads."""


def combine_children(own: RowForecast, children: list[RowForecast]) -> RowForecast:
    """A per-child scope row (every county at least N) from its children's forecasts.

    At risk if any child is; projected when the last unmet child gets there; the monthly
    need is the sum of the unmet children's.  ``own`` brings the row's met, missed or not-started verdict
    and the pace observed over the whole scope.
    """
    unmet = [child for child in children if child.status != "met"]
    if own.status in ("met", "missed", "not_started") or not unmet:
        return own
    dates = [child.projected_date for child in unmet]
    stalled = [child.stalled_units for child in unmet if child.stalled_units is not None]
    return RowForecast(
        status="at_risk" if any(child.status == "at_risk" for child in unmet) else "on_track",
        projected_date=None if None in dates else max(dates),
        needed_per_month=sum(child.needed_per_month or 0.0 for child in unmet),
        months_left=own.months_left,
        pace_per_month=own.pace_per_month,
        stalled_units=sum(stalled) if stalled else None,
    )


def month_span(first: dt.date, last: dt.date) -> float:
    """Months from ``first`` to ``last``, at :data:`DAYS_PER_MONTH` days a month."""
    return (last - first).days / DAYS_PER_MONTH


def observed_pace(events: Events, programme_start: dt.date, judged_on: dt.date) -> float | None:
    """Units (or yuan) per month achieved from the programme's start to ``judged_on``.

    Events before the start (a title named years earlier) are not the programme's pace.
    None when no time has passed yet.
    """
    if judged_on <= programme_start:
        return None
    return _amount_between(events, programme_start, judged_on) / month_span(programme_start, judged_on)


def projected_by_pace(events: Events, programme_start: dt.date, as_of: dt.date, gap: float) -> dt.date | None:
    """The day the gap is closed if the pace since the start goes on: as-of + gap ÷ pace.

    In days that is gap × days elapsed ÷ amount achieved, so the length of a month
    cancels out.  None when nothing has been achieved since the start.
    """
    achieved = _amount_between(events, programme_start, as_of)
    if achieved <= 0:
        return None
    return as_of + dt.timedelta(days=math.ceil(gap * (as_of - programme_start).days / achieved))


def stage_medians(
    transitions: pd.DataFrame, programme_id: int, scope_region_id: int, stage_seqs: dict[str, int]
) -> dict[int, float]:
    """Usual days in each stage before 命名, by stage seq.

    The median of the moves out of the stage observed in the target's scope; with fewer
    than :data:`MIN_OBSERVATIONS` there, the median over the whole programme; with fewer
    still, :data:`DEFAULT_MONTHS`.  A move counts from entering a stage to entering any
    later one (a skipped stage counts in the one left).  Medians, not means, so that one
    unit stuck for years does not make every unit look slow.
    """
    named = stage_seqs["named"]
    moves = transitions[
        (transitions["programme_id"] == programme_id)
        & (transitions["to_seq"] > transitions["from_seq"])
        & (transitions["from_seq"] < named)
    ]
    days = pd.Series(
        [(b - a).days for a, b in zip(moves["entered_on"], moves["left_on"], strict=True)],
        index=moves.index,
        dtype=float,
    )
    in_scope = moves[["unit_id", "province_id", "city_id", "county_id"]].eq(scope_region_id).any(axis=1)
    medians = {}
    for code, seq in stage_seqs.items():
        if seq >= named:
            continue
        of_stage = (moves["from_seq"] == seq) & (days >= 0)
        medians[seq] = next(
            (
                float(observed.median())
                for observed in (days[of_stage & in_scope], days[of_stage])
                if len(observed) >= MIN_OBSERVATIONS
            ),
            DEFAULT_MONTHS[code] * DAYS_PER_MONTH,
        )
    return medians


def days_to_naming(
    untitled: Untitled, medians: dict[int, float], named_seq: int, as_of: dt.date
) -> tuple[list[float], int]:
    """Expected days from as-of until each moving unit is named, and how many are stalled.

    A unit in stage s, entered d days ago, needs what is left of the usual time in s,
    max(m_s − d, 0), plus the usual time of every later stage before 命名.  It is stalled,
    and left out, once d exceeds both STALL_FACTOR × m_s and STALL_FLOOR_DAYS; so is a
    unit that has passed 命名 on the programme's path without holding the title (lost,
    or of another level): the path says nothing about when it comes back.
    """
    expected, stalled = [], 0
    for seq, entered_on in untitled:
        usual = medians.get(seq)
        elapsed = (as_of - entered_on).days
        if usual is None or elapsed > max(STALL_FACTOR * usual, STALL_FLOOR_DAYS):
            stalled += 1
            continue
        expected.append(max(usual - elapsed, 0.0) + sum(m for s, m in medians.items() if s > seq))
    return sorted(expected), stalled


def nth_soonest(days: list[float], gap: float, as_of: dt.date) -> dt.date | None:
    """The day the gap-th soonest unit is expected to be named; None if too few are moving."""
    needed = math.ceil(gap)
    if len(days) < needed:
        return None
    return as_of + dt.timedelta(days=math.ceil(days[needed - 1]))


class _Rows:
    """One as-of date's history, indexed by row, with stage medians kept per scope."""

    def __init__(self, history: TargetHistory, as_of: dt.date) -> None:
        self.history = history
        self.as_of = as_of
        targets = history.targets
        self.starts = dict(zip(targets["target_id"], targets["programme_start"], strict=True))
        self.scopes = {
            int(t): (int(p), int(r))
            for t, p, r in zip(
                targets["target_id"], targets["programme_id"], targets["scope_region_id"], strict=True
            )
        }
        self.events = _by_row(history.events, "on", "amount")
        self.untitled = _by_row(history.untitled, "stage_seq", "entered_on")
        self.medians: dict[tuple[int, int], dict[int, float]] = {}

    def forecast(self, row: Mapping) -> RowForecast:
        """The forecast of one row from its own history (a per-child scope row: its own pace)."""
        key = (row["target_id"], row["region_id"])
        events = self.events.get(key, [])
        start = self.starts[row["target_id"]]
        pace = observed_pace(events, start, row["judged_on"])
        if row["met"]:
            return RowForecast("met", pace_per_month=pace)
        if row["due_date"] <= self.as_of:
            return RowForecast("missed", pace_per_month=pace)
        left = month_span(self.as_of, row["due_date"])
        needed = row["gap"] / left
        if self.as_of < start:
            # Nothing can be observed before the programme starts: neither on track nor at risk.
            return RowForecast("not_started", needed_per_month=needed, months_left=left, pace_per_month=pace)
        if row["shape"] not in TITLE_SHAPES:
            projected = projected_by_pace(events, start, self.as_of, row["gap"])
            return RowForecast(_status(projected, row["due_date"]), projected, needed, left, pace)
        untitled = self.untitled.get(key, [])
        days, stalled = days_to_naming(
            untitled, self._medians(row["target_id"]), self.history.stage_seqs["named"], self.as_of
        )
        moved = _amount_between(events, start, self.as_of) > 0 or any(seq > 0 for seq, _ in untitled)
        projected = nth_soonest(days, row["gap"], self.as_of) if moved else None
        return RowForecast(_status(projected, row["due_date"]), projected, needed, left, pace, stalled)

    def _medians(self, target_id: int) -> dict[int, float]:
        key = self.scopes[target_id]
        if key not in self.medians:
            self.medians[key] = stage_medians(self.history.transitions, *key, self.history.stage_seqs)
        return self.medians[key]


def _by_row(frame: pd.DataFrame, *fields: str) -> dict[tuple[int, int], list[tuple]]:
    """``fields`` of each history row, by (target, region), in the frame's order."""
    found: dict[tuple[int, int], list[tuple]] = {}
    columns = (frame[c].tolist() for c in ("target_id", "region_id", *fields))
    for target_id, region_id, *values in zip(*columns, strict=True):
        found.setdefault((int(target_id), int(region_id)), []).append(tuple(values))
    return found


def _amount_between(events: Events, first: dt.date, last: dt.date) -> float:
    return float(sum(amount for on, amount in events if first <= on <= last))


def _status(projected: dt.date | None, due_date: dt.date) -> str:
    return "on_track" if projected is not None and projected <= due_date else "at_risk"
