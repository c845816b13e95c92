"""Which monthly reports are owed (by a unit over its enrolments, by a programme in the
months the overview judges) and whether each came on time, late, or not at all.

The rule (``docs/rules.md``, section 2) is :func:`report_status`, which the overview's
counts (:func:`data_access.progress.reporting_status`) and the community page's report
table (:func:`ui.community_tables.reports_table`) both call.

Plain functions; no Streamlit, no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from oversight.periods import as_date, month_end, report_deadline

REPORT_STATUSES = ("on_time", "late", "missing", "pending")
_SECOND = dt.timedelta(seconds=1)


def report_status(first_submitted_at, deadline: dt.datetime, judged_at: dt.datetime | None = None) -> str:
    """A month's report as it stood at ``judged_at`` (now, when None).

    'on_time' when first submitted by ``deadline`` (:func:`oversight.periods.report_deadline`,
    the last second of the deadline day, all of it: 23:59:59.9 is on time) and 'late' after
    it: the first submission counts, never a correction's time.  Not submitted by
    ``judged_at``: 'missing' once the deadline has passed by then, else 'pending'.
    """
    if type(first_submitted_at) is dt.datetime:  # as the ranking passes it: no check, no conversion
        submitted = first_submitted_at
    elif first_submitted_at is None or pd.isna(first_submitted_at):
        submitted = None
    elif isinstance(first_submitted_at, dt.datetime):
        submitted = first_submitted_at
    else:
        submitted = pd.Timestamp(first_submitted_at)
    if submitted is not None and (judged_at is None or submitted <= judged_at):
        return "on_time" if submitted < deadline + _SECOND else "late"
    return "missing" if judged_at is None or deadline < judged_at else "pending"


def report_deadlines(months, plan: pd.DataFrame) -> dict[dt.date, dt.datetime | None]:
    """When a unit's report for each of ``months`` is due: by the deadline day of the
    programme it was in that month (``plan``: its enrolments with start_date, end_date,
    report_deadline_day; the earliest-starting one when two overlap); None for a month
    it was in none."""
    programmes = [
        (as_date(start).replace(day=1), as_date(end), int(day))
        for start, end, day in sorted(
            zip(plan["start_date"], plan["end_date"], plan["report_deadline_day"], strict=True),
            key=lambda row: as_date(row[0]),
        )
    ]
    deadlines = {}
    for month in {as_date(m) for m in months}:
        days = [day for start, end, day in programmes if start <= month <= end]
        deadlines[month] = report_deadline(month, days[0]) if days else None
    return deadlines


def owed_span(plan: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The months a unit owes reports in, from its enrolments (enrolled_on, start_date,
    end_date): from its first enrolment (or that programme's start, if later) to the last
    programme's end, as first days of months.  None when it is in no programme."""
    if plan.empty:
        return None
    spans = owed_spans(plan.assign(unit_id=0))
    return spans["owed_from"].iloc[0], spans["owed_to"].iloc[0]


def owed_spans(plan: pd.DataFrame) -> pd.DataFrame:
    """:func:`owed_span` of each unit of ``plan`` (unit_id, enrolled_on, start_date,
    end_date; one row per enrolment), at once.  Columns: unit_id, owed_from, owed_to."""
    starts = [
        max(as_date(e), as_date(s)).replace(day=1)
        for e, s in zip(plan["enrolled_on"], plan["start_date"], strict=True)
    ]
    ends = [as_date(d).replace(day=1) for d in plan["end_date"]]
    # A loop, not a groupby: pandas reduces date objects one Python call per group, which
    # was most of the heatmap's hard-rule read for a city of 441 units.
    owed_from: dict[int, dt.date] = {}
    owed_to: dict[int, dt.date] = {}
    for unit, start, end in zip(plan["unit_id"].tolist(), starts, ends, strict=True):
        owed_from[unit] = min(owed_from.get(unit, start), start)
        owed_to[unit] = max(owed_to.get(unit, end), end)
    return pd.DataFrame(
        {
            "unit_id": pd.Series(list(owed_from), dtype="int64"),
            "owed_from": list(owed_from.values()),
            "owed_to": [owed_to[unit] for unit in owed_from],
        }
    )


def months_judged(month: dt.date) -> dict[dt.date, dt.datetime]:
    """The report months the overview shows for ``month``, each with the moment it is judged at.

    In month M the bureau collects the reports for M-1 (due on a day of M): they are judged
    as they stand at the end of M.  The change beside them is against M-2 as it stood at
    the end of M-1.  Returns {M-1: end of M, M-2: end of M-1}, in that order.
    """
    previous_end = month.replace(day=1) - dt.timedelta(days=1)
    reported = previous_end.replace(day=1)
    before = (reported - dt.timedelta(days=1)).replace(day=1)
    return {
        reported: dt.datetime.combine(month_end(month), dt.time.max),
        before: dt.datetime.combine(previous_end, dt.time.max),
    }


def owed_by_programme(
    judged: Mapping[dt.date, dt.datetime], start: dt.date, end: dt.date
) -> tuple[tuple[dt.date, dt.datetime], ...]:
    """Those of ``judged`` (:func:`months_judged`) a programme running from ``start`` to
    ``end`` owes reports for: the months from its start month to its end month."""
    return tuple((m, at) for m, at in judged.items() if start.replace(day=1) <= m <= end)
