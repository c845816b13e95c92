"""Reporting status: whether each enrolled unit's monthly report came on time, late or not at all.

Aggregated in SQL into a tidy frame whose grain the docstring states.  Stages reached are
in :mod:`data_access.stages`, current self-assessment scores in :mod:`data_access.scores`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import (
    Date,
    DateTime,
    Engine,
    and_,
    literal,
    select,
    union_all,
)

from data_access.access import reads
from data_access.database import read_frame
from data_access.models import (
    ProgrammeUnit,
    Region,
    ReportSummary,
)
from data_access.regions import RegionRef, within
from oversight.periods import month_end, report_deadline
from oversight.reporting import report_status


@reads("region")
def reporting_status(
    engine: Engine,
    programme_id: int,
    deadline_day: int,
    owed: Sequence[tuple[dt.date, dt.datetime]],
    region: RegionRef,
) -> pd.DataFrame:
    """One row per enrolled unit × month owed: on_time, late, missing, or pending (not due).

    ``owed`` pairs each month with the moment it is judged at: a report counts only if it
    had arrived by then, and from its first submission (a later correction does not make
    it late); the verdict is :func:`oversight.reporting.report_status`.  The overview judges this month's reports now and last month's as they stood
    a month ago, in one statement.  Columns: unit_id, unit_code, unit_zh, county_id, month,
    deadline, first_submitted_at, revision, status.
    """
    if not owed:
        return pd.DataFrame(
            columns=[
                "unit_id",
                "unit_code",
                "unit_zh",
                "county_id",
                "month",
                "deadline",
                "first_submitted_at",
                "revision",
                "status",
            ]
        )
    calendar = union_all(
        *(
            select(
                literal(month, Date).label("month"),
                literal(month_end(month), Date).label("month_end"),
                literal(judged_at, DateTime).label("judged_at"),
            )
            for month, judged_at in owed
        )
    ).subquery("calendar")
    summary = ReportSummary.__table__.alias("s")
    query = (
        select(
            Region.id.label("unit_id"),
            Region.code.label("unit_code"),
            Region.name_zh.label("unit_zh"),
            Region.county_id,
            calendar.c.month,
            summary.c.first_submitted_at,
            summary.c.revision,
        )
        .select_from(ProgrammeUnit)
        .join(Region, Region.id == ProgrammeUnit.unit_id)
        .join(calendar, calendar.c.month_end >= ProgrammeUnit.enrolled_on)
        .outerjoin(
            summary,
            and_(
                summary.c.unit_id == Region.id,
                summary.c.month == calendar.c.month,
                summary.c.first_submitted_at <= calendar.c.judged_at,
            ),
        )
        .where(ProgrammeUnit.programme_id == programme_id, within(Region, region))
        .order_by(Region.code, calendar.c.month)
    )
    frame = read_frame(engine, query, dates=["month"])
    # The deadlines and the verdicts come from the one rule, in Python: a few rows per unit.
    deadlines = {month: report_deadline(month, deadline_day) for month, _ in owed}
    judged_at = dict(owed)
    frame.insert(5, "deadline", [deadlines[month] for month in frame["month"]])
    frame["status"] = [
        report_status(first, deadlines[month], judged_at[month])
        for first, month in zip(frame["first_submitted_at"], frame["month"], strict=True)
    ]
    return frame
