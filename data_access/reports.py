"""What a unit reported, summed: activity counts per quarter and year, month-by-month rates,
hazards and money, and accidents and injuries by safety domain.

Every function takes the unit's code and reads the current revision of each month through
the (unit, month) keys of ``report_summary``, and from there the report's own rows, so a
unit's page reads its own rows and nothing else.  The statements are built once
(``functools.cache``) with bound parameters (``unit_code``, ``month``, ...): SQLAlchemy then
reuses their cache key, where building a statement anew and keying it costs about a
millisecond per call, more than most of these queries take to run.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
from sqlalchemy import (
    CompoundSelect,
    Date,
    Engine,
    Integer,
    Select,
    and_,
    bindparam,
    cast,
    extract,
    func,
    literal,
    select,
    union_all,
)

from data_access.access import reads
from data_access.database import read_frame, typed
from data_access.models import (
    Report,
    ReportDomain,
    ReportSummary,
    SafetyDomain,
)
from data_access.units import UNIT_ID
from oversight.report_fields import REPORT_COUNTS

MONTH = bindparam("month", type_=Date)


def _year(column):
    return cast(extract("year", column), Integer)


def _month_of_year(column):
    return cast(extract("month", column), Integer)


@reads("unit_code")
def unit_activity_periods(engine: Engine, unit_code: str, month: dt.date) -> pd.DataFrame:
    """One row per calendar quarter, and one per year, up to ``month`` in which the unit
    reported: the sums of its activity counts over the current revisions of that period's
    months.  A year's row has quarter 0; rows are ordered by year, then quarter (so each
    year's row comes before its quarters).

    Columns: year, quarter, months_reported, and one sum per activity count
    (education_events, trainings, drills, inspections, hazards_found, hazards_rectified,
    volunteers, reviews_held).
    """
    frame = read_frame(engine, _activity_periods_query().params(unit_code=unit_code, month=month))
    return typed(frame, "int64", "year", "quarter", "months_reported", *REPORT_COUNTS)


@functools.cache
def _activity_periods_query() -> CompoundSelect:
    """The quarters' sums, and the years' as sums of their quarters, in one statement."""
    year = _year(ReportSummary.month)
    quarter = (_month_of_year(ReportSummary.month) + 2) // 3
    quarters = (
        select(
            year.label("year"),
            quarter.label("quarter"),
            func.count().label("months_reported"),
            *(func.sum(getattr(Report, name)).label(name) for name in REPORT_COUNTS),
        )
        .select_from(ReportSummary)
        .join(Report, Report.id == ReportSummary.report_id)
        .where(ReportSummary.unit_id == UNIT_ID, ReportSummary.month <= MONTH)
        .group_by(year, quarter)
        .cte("quarters")
    )
    # Cast: on PostgreSQL a sum of sums is numeric, which arrives as Decimal objects.
    years = select(
        quarters.c.year,
        literal(0).label("quarter"),
        *(
            cast(func.sum(quarters.c[name]), Integer).label(name)
            for name in ("months_reported", *REPORT_COUNTS)
        ),
    ).group_by(quarters.c.year)
    return union_all(select(quarters), years).order_by("year", "quarter")


@reads("unit_code")
def unit_months(engine: Engine, unit_code: str, month: dt.date) -> pd.DataFrame:
    """One row per month up to ``month`` the unit reported (its current revision): rates,
    hazards, and money with running totals since its first report.

    Columns: month, revision, participation_rate, satisfaction_rate, hazards_found,
    hazards_rectified, subsidy_received, funds_spent, received_to_date, spent_to_date
    (money in yuan).
    """
    frame = read_frame(engine, _months_query().params(unit_code=unit_code, month=month))
    return typed(frame, "float64", "subsidy_received", "funds_spent", "received_to_date", "spent_to_date")


@functools.cache
def _months_query() -> Select:
    order = {"order_by": ReportSummary.month}
    return (
        select(
            ReportSummary.month,
            ReportSummary.revision,
            Report.participation_rate,
            Report.satisfaction_rate,
            Report.hazards_found,
            Report.hazards_rectified,
            Report.subsidy_received,
            Report.funds_spent,
            func.sum(Report.subsidy_received).over(**order).label("received_to_date"),
            func.sum(Report.funds_spent).over(**order).label("spent_to_date"),
        )
        .select_from(ReportSummary)
        .join(Report, Report.id == ReportSummary.report_id)
        .where(ReportSummary.unit_id == UNIT_ID, ReportSummary.month <= MONTH)
        .order_by(ReportSummary.month)
    )


@reads("unit_code")
def unit_domain_outcomes(engine: Engine, unit_code: str, month: dt.date) -> pd.DataFrame:
    """One row per safety domain × year up to ``month``'s year: accidents and injuries the
    unit recorded from January to ``month``'s month of that year (the same part of every
    year, so consecutive years compare like with like: 同比).

    Only years with at least one such report appear, each with all twelve domains (zero
    where nothing was recorded).  Columns: year, months_reported, domain_code,
    domain_seq, domain_zh, domain_en, accidents, injuries, projects (the most projects
    running in any of those months).
    """
    query = _domain_outcomes_query().params(unit_code=unit_code, month=month, month_of_year=month.month)
    frame = read_frame(engine, query)
    return typed(frame, "int64", "year", "months_reported", "accidents", "injuries", "projects")


@functools.cache
def _domain_outcomes_query() -> Select:
    same_part = and_(
        ReportSummary.unit_id == UNIT_ID,
        ReportSummary.month <= MONTH,
        _month_of_year(ReportSummary.month) <= bindparam("month_of_year", type_=Integer),
    )
    year = _year(ReportSummary.month)
    years = (
        select(year.label("year"), func.count().label("months_reported"))
        .where(same_part)
        .group_by(year)
        .subquery("years")
    )
    sums = (
        select(
            year.label("year"),
            ReportDomain.domain_code,
            func.sum(ReportDomain.accidents).label("accidents"),
            func.sum(ReportDomain.injuries).label("injuries"),
            func.max(ReportDomain.projects_running).label("projects"),
        )
        .select_from(ReportSummary)
        .join(ReportDomain, ReportDomain.report_id == ReportSummary.report_id)
        .where(same_part)
        .group_by(year, ReportDomain.domain_code)
        .subquery("sums")
    )
    return (
        select(
            years.c.year,
            years.c.months_reported,
            SafetyDomain.code.label("domain_code"),
            SafetyDomain.seq.label("domain_seq"),
            SafetyDomain.name_zh.label("domain_zh"),
            SafetyDomain.name_en.label("domain_en"),
            func.coalesce(sums.c.accidents, 0).label("accidents"),
            func.coalesce(sums.c.injuries, 0).label("injuries"),
            func.coalesce(sums.c.projects, 0).label("projects"),
        )
        .select_from(years)
        .join(SafetyDomain, literal(True))
        .outerjoin(sums, and_(sums.c.year == years.c.year, sums.c.domain_code == SafetyDomain.code))
        .order_by(years.c.year, SafetyDomain.seq)
    )
