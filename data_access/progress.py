"""Where units stand: stages reached, current self-assessment grades, reporting status.

Each function aggregates in SQL and returns a tidy frame whose grain its docstring states.
"Latest row per unit" is a correlated ``ORDER BY … LIMIT 1`` over an index, which the
measurements in docs/performance.md found 3–60× faster than window functions.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import (
    BindParameter,
    Date,
    DateTime,
    Engine,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    select,
    true,
    union_all,
)

from data_access.database import read_frame
from data_access.models import (
    INDICATOR_COUNT,
    ProgrammeUnit,
    Region,
    ReportSummary,
    Stage,
    StageEvent,
)
from data_access.regions import RegionRef, in_scopes, within
from oversight.periods import month_end, report_deadline


def enrolled_units(programme_id: int | BindParameter | None) -> Select:
    """The ids of the units enrolled in the programme (in any programme if none given);
    a statement built once passes the programme as a parameter."""
    enrolled = select(ProgrammeUnit.unit_id)
    return enrolled if programme_id is None else enrolled.where(ProgrammeUnit.programme_id == programme_id)


def units_in(region: RegionRef, programme_id: int | None) -> Select:
    """Units of the region enrolled in the programme (in any programme if none given)."""
    return select(Region).where(
        Region.level == "unit", within(Region, region), Region.id.in_(enrolled_units(programme_id))
    )


def stage_counts(
    engine: Engine, region: RegionRef, days: Sequence[dt.date], programme_id: int | None = None
) -> pd.DataFrame:
    """One row per day × county-level unit × stage reached on the day, with the number of
    units; several days in one statement (the overview compares with the month before).

    Enrolled units without a stage event count as 未启动.  Columns: day, county_id,
    county_code, county_zh, county_en, stage_code, stage_seq, stage_zh, stage_en, units.
    """
    query = _stage_counts_query(region.level, programme_id is not None, len(days))
    parameters = {"region_id": region.id, "programme_id": programme_id}
    parameters |= {f"day_{index}": day for index, day in enumerate(days)}
    return read_frame(engine, query, parameters)


@functools.cache
def _stage_counts_query(level: str, one_programme: bool, day_count: int) -> Select:
    """Built once per kind of call and run with parameters: building took longer than running."""
    enrolled = enrolled_units(bindparam("programme_id") if one_programme else None)
    units = (
        select(Region.id, Region.county_id)
        .where(
            Region.level == "unit",
            in_scopes(Region.__table__, bindparam("region_id"), [level]),
            Region.id.in_(enrolled),
        )
        .subquery("u")
    )
    calendar = union_all(
        *(select(bindparam(f"day_{index}", type_=Date).label("day")) for index in range(day_count))
    ).subquery("calendar")
    latest = (
        select(StageEvent.stage_code)
        .where(StageEvent.unit_id == units.c.id, StageEvent.entered_on <= calendar.c.day)
        .order_by(StageEvent.entered_on.desc(), StageEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    reached = (
        select(calendar.c.day, units.c.county_id, func.coalesce(latest, "not_started").label("stage_code"))
        .select_from(calendar)
        .join(units, true())
        .subquery("reached")
    )
    county = Region.__table__.alias("county")
    return (
        select(
            reached.c.day,
            reached.c.county_id,
            county.c.code.label("county_code"),
            county.c.name_zh.label("county_zh"),
            county.c.name_en.label("county_en"),
            reached.c.stage_code,
            Stage.seq.label("stage_seq"),
            Stage.name_zh.label("stage_zh"),
            Stage.name_en.label("stage_en"),
            func.count().label("units"),
        )
        .join(county, county.c.id == reached.c.county_id)
        .join(Stage, Stage.code == reached.c.stage_code)
        .group_by(
            reached.c.day,
            reached.c.county_id,
            county.c.code,
            county.c.name_zh,
            county.c.name_en,
            reached.c.stage_code,
            Stage.seq,
            Stage.name_zh,
            Stage.name_en,
        )
        .order_by(reached.c.day, county.c.code, Stage.seq)
    )


def latest_graded(unit_id, month: dt.date):
    """The report id of the unit's latest graded current report up to ``month``."""
    return (
        select(ReportSummary.report_id)
        .where(ReportSummary.unit_id == unit_id, ReportSummary.month <= month, ReportSummary.graded)
        .order_by(ReportSummary.month.desc())
        .limit(1)
        .scalar_subquery()
    )


def latest_assessments(region: RegionRef, month: dt.date, programme_id: int | None):
    """Each enrolled unit of the region (as :func:`units_in`) with the report id of its
    latest graded report up to ``month``, empty if it has none.

    Columns: unit_id, unit_code, unit_zh, county_id, report_id.  The heatmap's queries
    join the summary or the grades to it by that report id.
    """
    return units_in(region, programme_id).with_only_columns(
        Region.id.label("unit_id"),
        Region.code.label("unit_code"),
        Region.name_zh.label("unit_zh"),
        Region.county_id,
        latest_graded(Region.id, month).label("report_id"),
    )


def current_indicator_scores(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per assessed unit, by code: its latest self-assessment up to ``month`` as the
    summary stores it, the composite and the twelve first-level scores (percent of the
    scheme's points).

    Columns: unit_id, unit_code, unit_zh, county_id, assessed_month, score, failed_items,
    s1..s12 (indicator 1..12).
    """
    latest = latest_assessments(region, month, programme_id).subquery("latest")
    query = (
        select(
            latest.c.unit_id,
            latest.c.unit_code,
            latest.c.unit_zh,
            latest.c.county_id,
            ReportSummary.month.label("assessed_month"),
            ReportSummary.score,
            ReportSummary.failed_items,
            *INDICATOR_SCORES,
        )
        .join(ReportSummary, ReportSummary.report_id == latest.c.report_id)
        .order_by(latest.c.unit_code)
    )
    return scores_as_float(read_frame(engine, query))


INDICATOR_SCORES = [getattr(ReportSummary, f"s{i}") for i in range(1, INDICATOR_COUNT + 1)]
"""The summary's first-level score columns s1..s12, in indicator order."""


def scores_as_float(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with ``score`` and s1..s12 as floats: a column of only NULLs reads as
    objects (converting only those is much cheaper than converting all thirteen)."""
    columns = ["score", *(column.key for column in INDICATOR_SCORES)]
    return frame.astype({column: float for column in columns if frame[column].dtype == object})


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
    it late).  The overview judges this month's reports now and last month's as they stood
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
                literal(report_deadline(month, deadline_day), DateTime).label("deadline"),
                literal(month_end(month), Date).label("month_end"),
                literal(judged_at, DateTime).label("judged_at"),
            )
            for month, judged_at in owed
        )
    ).subquery("calendar")
    summary = ReportSummary.__table__.alias("s")
    status = case(
        (
            summary.c.unit_id.is_(None),
            case((calendar.c.deadline < calendar.c.judged_at, "missing"), else_="pending"),
        ),
        (summary.c.first_submitted_at <= calendar.c.deadline, "on_time"),
        else_="late",
    )
    query = (
        select(
            Region.id.label("unit_id"),
            Region.code.label("unit_code"),
            Region.name_zh.label("unit_zh"),
            Region.county_id,
            calendar.c.month,
            calendar.c.deadline,
            summary.c.first_submitted_at,
            summary.c.revision,
            status.label("status"),
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
    return read_frame(engine, query, dates=["month"])
