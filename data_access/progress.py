"""Where units stand: stages reached, current self-assessment grades, reporting status.

Each function aggregates in SQL and returns a tidy frame whose grain its docstring states.
"Latest row per unit" is a correlated ``ORDER BY … LIMIT 1`` over an index, which the
measurements in shared/toolchain.md found 3–60× faster than window functions.
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
    case,
    func,
    literal,
    select,
    union_all,
)

from data_access.catalogue import read_frame
from data_access.models import (
    INDICATOR_COUNT,
    GradeValue,
    Indicator,
    IndicatorItem,
    ProgrammeUnit,
    Region,
    ReportGrade,
    ReportSummary,
    Stage,
    StageEvent,
)
from data_access.regions import RegionRef, within
from oversight.periods import month_end, report_deadline


def units_in(region: RegionRef, programme_id: int | None):
    """Units of the region enrolled in the programme (in any programme if none given)."""
    enrolled = select(ProgrammeUnit.unit_id)
    if programme_id is not None:
        enrolled = enrolled.where(ProgrammeUnit.programme_id == programme_id)
    return select(Region).where(Region.level == "unit", within(Region, region), Region.id.in_(enrolled))


def stage_counts(
    engine: Engine, region: RegionRef, as_of: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per county-level unit × stage reached on ``as_of``, with the number of units.

    Enrolled units without a stage event count as 未启动.  Columns: county_id,
    county_code, county_zh, county_en, stage_code, stage_seq, stage_zh, stage_en, units.
    """
    units = units_in(region, programme_id).subquery("u")
    latest = (
        select(StageEvent.stage_code)
        .where(StageEvent.unit_id == units.c.id, StageEvent.entered_on <= as_of)
        .order_by(StageEvent.entered_on.desc(), StageEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    reached = select(units.c.county_id, func.coalesce(latest, "not_started").label("stage_code")).subquery(
        "reached"
    )
    county = Region.__table__.alias("county")
    query = (
        select(
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
            reached.c.county_id,
            county.c.code,
            county.c.name_zh,
            county.c.name_en,
            reached.c.stage_code,
            Stage.seq,
            Stage.name_zh,
            Stage.name_en,
        )
        .order_by(county.c.code, Stage.seq)
    )
    return read_frame(engine, query)


def latest_graded(unit_id, month: dt.date):
    """The report id of the unit's latest graded current report up to ``month``."""
    return (
        select(ReportSummary.report_id)
        .where(ReportSummary.unit_id == unit_id, ReportSummary.month <= month, ReportSummary.graded)
        .order_by(ReportSummary.month.desc())
        .limit(1)
        .scalar_subquery()
    )


def current_item_grades(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per unit × item × part: the grade of the unit's latest self-assessment up to
    ``month`` (a report carries grades at least when they change).

    Columns: unit_id, unit_code, unit_zh, county_id, assessed_month, item_code,
    indicator_seq, part_code, grade, fraction.
    """
    units = units_in(region, programme_id).subquery("u")
    latest = select(
        units.c.id.label("unit_id"),
        units.c.code.label("unit_code"),
        units.c.name_zh.label("unit_zh"),
        units.c.county_id,
        latest_graded(units.c.id, month).label("report_id"),
    ).subquery("latest")
    query = (
        select(
            latest.c.unit_id,
            latest.c.unit_code,
            latest.c.unit_zh,
            latest.c.county_id,
            ReportSummary.month.label("assessed_month"),
            IndicatorItem.code.label("item_code"),
            Indicator.seq.label("indicator_seq"),
            ReportGrade.part_code,
            ReportGrade.grade,
            GradeValue.fraction,
        )
        .join(ReportGrade, ReportGrade.report_id == latest.c.report_id)
        .join(ReportSummary, ReportSummary.report_id == latest.c.report_id)
        .join(IndicatorItem, IndicatorItem.id == ReportGrade.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .join(
            GradeValue,
            and_(GradeValue.scheme_id == ReportGrade.scheme_id, GradeValue.code == ReportGrade.grade),
        )
        .order_by(latest.c.unit_code, Indicator.seq, IndicatorItem.seq, ReportGrade.part_code)
    )
    return read_frame(engine, query)


def current_indicator_scores(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per unit × first-level indicator: its score (percent of the scheme's points)
    in the unit's latest self-assessment up to ``month``, from the summary rows.

    Columns: unit_id, unit_code, unit_zh, county_id, assessed_month, score (the
    composite), failed_items, indicator_seq, indicator_score.
    """
    units = units_in(region, programme_id).subquery("u")
    latest = select(
        units.c.id.label("unit_id"),
        units.c.code.label("unit_code"),
        units.c.name_zh.label("unit_zh"),
        units.c.county_id,
        latest_graded(units.c.id, month).label("report_id"),
    ).subquery("latest")
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
    return indicator_rows(read_frame(engine, query), "unit_code")


INDICATOR_SCORES = [getattr(ReportSummary, f"s{i}") for i in range(1, INDICATOR_COUNT + 1)]
"""The summary's first-level score columns s1..s12, in indicator order."""


def indicator_rows(wide: pd.DataFrame, key: str) -> pd.DataFrame:
    """A frame with the s1..s12 columns turned into one row per indicator
    (``indicator_seq``, ``indicator_score``), sorted by ``key`` then indicator."""
    score_columns = [column.key for column in INDICATOR_SCORES]
    long = wide.melt(
        id_vars=[c for c in wide.columns if c not in score_columns],
        value_vars=score_columns,
        var_name="indicator_seq",
        value_name="indicator_score",
    )
    long["indicator_seq"] = long["indicator_seq"].str[1:].astype(int)
    long["indicator_score"] = long["indicator_score"].astype(float)
    return long.sort_values([key, "indicator_seq"]).reset_index(drop=True)


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
    frame = read_frame(engine, query)
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame
