"""One community's record, aggregated for its drill-down page (社区详情).

Every function takes the unit's code and returns a tidy frame whose grain its docstring
states.  Reads go through the (unit, month) keys of ``report_summary`` — the current
revision of each month — and from there to a report's grades and domains by their
report-id keys, so a unit's page reads its own rows and nothing else.
:mod:`data_access.units` supplies the profile, and the titles, stage events and every
report revision with what the corrections changed; this module adds the sums, the grades
and the reference lists (plan, schemes, catalogue), which change only when programme data
are loaded.

The statements a page reads after every write are built once (``functools.cache``) with
bound parameters (``unit_code``, ``month``, ...): SQLAlchemy then reuses their cache key,
where building a statement anew and keying it costs about a millisecond per call, more
than most of these queries take to run.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
from sqlalchemy import (
    JSON,
    CompoundSelect,
    Date,
    Engine,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    extract,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from data_access.database import read_frame, reading
from data_access.hard_rules import HARD_RULES
from data_access.models import (
    GradeValue,
    Indicator,
    IndicatorItem,
    Programme,
    ProgrammeStage,
    ProgrammeUnit,
    Region,
    Report,
    ReportDomain,
    ReportGrade,
    ReportSummary,
    SafetyDomain,
    SchemeItemPoints,
    SchemePart,
    SubsidyAllocation,
    SubsidyDisbursement,
)
from data_access.progress import units_in
from data_access.regions import RegionRef
from data_access.units import UNIT_ID
from oversight.report_fields import REPORT_COUNTS

MONTH = bindparam("month", type_=Date)


def _typed(frame: pd.DataFrame, dtype: str, *columns: str) -> pd.DataFrame:
    """Numeric columns as ``dtype`` whatever the driver returned (PostgreSQL sums come as
    numeric), converting only the columns that need it: ``DataFrame.astype`` costs about
    a millisecond even when every column already has its type."""
    for column in columns:
        if frame[column].dtype != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame


def _year(column):
    return cast(extract("year", column), Integer)


def _month_of_year(column):
    return cast(extract("month", column), Integer)


def community_choices(engine: Engine, region: RegionRef, programme_id: int | None = None) -> pd.DataFrame:
    """One row per unit of the region enrolled in the programme (in any, if none given).

    Columns: code, name_zh, name_en, county_zh, county_en; in code order.
    """
    county = Region.__table__.alias("county")
    return read_frame(
        engine,
        units_in(region, programme_id)
        .with_only_columns(
            Region.code,
            Region.name_zh,
            Region.name_en,
            county.c.name_zh.label("county_zh"),
            county.c.name_en.label("county_en"),
        )
        .outerjoin(county, county.c.id == Region.county_id)
        .order_by(Region.code),
    )


def unit_plan(engine: Engine, unit_code: str) -> pd.DataFrame:
    """One row per planned stage of each programme the unit is enrolled in.

    Columns: programme_code, programme_zh, programme_en, start_date, end_date,
    report_deadline_day, enrolled_on, is_pilot, seq, stage_zh, stage_en, planned_start, planned_end.
    A programme without planned stages still gives one row, with the stage columns empty.
    """
    query = (
        select(
            Programme.code.label("programme_code"),
            Programme.name_zh.label("programme_zh"),
            Programme.name_en.label("programme_en"),
            Programme.start_date,
            Programme.end_date,
            Programme.report_deadline_day,
            ProgrammeUnit.enrolled_on,
            ProgrammeUnit.is_pilot,
            ProgrammeStage.seq,
            ProgrammeStage.name_zh.label("stage_zh"),
            ProgrammeStage.name_en.label("stage_en"),
            ProgrammeStage.planned_start,
            ProgrammeStage.planned_end,
        )
        .join(ProgrammeUnit, ProgrammeUnit.programme_id == Programme.id)
        .outerjoin(ProgrammeStage, ProgrammeStage.programme_id == Programme.id)
        .where(ProgrammeUnit.unit_id == UNIT_ID)
        .order_by(Programme.start_date, Programme.code, ProgrammeStage.seq)
    )
    dates = ("start_date", "end_date", "enrolled_on", "planned_start", "planned_end")
    return read_frame(engine, query, {"unit_code": unit_code}, dates)


class _json_object_agg(FunctionElement):
    """One JSON object per group, key → value: ``json_object_agg`` on PostgreSQL,
    ``json_group_object`` on SQLite.  Keys say what each value is, so the object does not
    depend on the order rows reach the aggregate (which SQLite does not promise)."""

    type = JSON()
    inherit_cache = True


@compiles(_json_object_agg)
def _json_object_agg_sql(element, compiler, **kw) -> str:
    return f"json_object_agg({compiler.process(element.clauses, **kw)})"


@compiles(_json_object_agg, "sqlite")
def _json_group_object_sql(element, compiler, **kw) -> str:
    return f"json_group_object({compiler.process(element.clauses, **kw)})"


def _grade_key(item_id, part_code):
    """How a grade's item and part are named in a month's JSON object: "12/overall"."""
    return cast(item_id, String) + "/" + part_code


GRADE_CELL_COLUMNS = ["month", "indicator_seq", "item_code", "item_seq", "part_code", "part_seq", "grade"]


def unit_item_grades(engine: Engine, unit_code: str, month: dt.date) -> pd.DataFrame:
    """One row per graded current report up to ``month`` × item × part: the grade given,
    the cells of the grades-over-time matrix.

    Columns: month, indicator_seq, item_code, item_seq, part_code, part_seq, grade;
    ordered by month and item.  The items' wording is in :func:`data_access.catalogue.indicator_items`.

    The database shapes the matrix: one row per month holding its grades as a JSON
    object, rather than 45 rows or more a month; the items and parts of the schemes
    used, in catalogue order, come from a second small query and lay the cells out.
    Every column holds plain Python values (dtype object).
    """
    layout: dict[int, list[tuple]] = {}
    with reading(engine) as reader:
        graded = reader.rows(_graded_months_query(), {"unit_code": unit_code, "month": month})
        if graded:
            schemes = sorted({scheme for _, scheme, _ in graded})
            for scheme, key, *cell in reader.rows(_grade_cells_query(), {"scheme_ids": schemes}):
                layout.setdefault(scheme, []).append((key, *cell))
    rows = [
        (day, *cell, grades[key])
        for day, scheme, grades in graded
        for key, *cell in layout[scheme]
        if key in grades
    ]
    # Plain object columns: pandas' inferred string arrays take longer to build from
    # thousands of cells than everything else here, and the page only reads them back.
    return pd.DataFrame(rows, columns=GRADE_CELL_COLUMNS, dtype=object)


@functools.cache
def _graded_months_query() -> Select:
    """Per graded current report of the unit up to the month: its scheme and its grades,
    as one JSON object keyed by :func:`_grade_key`."""
    return (
        select(
            ReportSummary.month,
            ReportGrade.scheme_id,
            _json_object_agg(_grade_key(ReportGrade.item_id, ReportGrade.part_code), ReportGrade.grade),
        )
        .select_from(ReportSummary)
        .join(ReportGrade, ReportGrade.report_id == ReportSummary.report_id)
        .where(ReportSummary.unit_id == UNIT_ID, ReportSummary.month <= MONTH, ReportSummary.graded)
        .group_by(ReportSummary.month, ReportGrade.scheme_id)
        .order_by(ReportSummary.month)
    )


@functools.cache
def _grade_cells_query() -> Select:
    """Per scheme (bound as a list, ``scheme_ids``) × item × part it grades, in catalogue
    order: the key of the cell in a month's grades and where it is shown."""
    return (
        select(
            SchemeItemPoints.scheme_id,
            _grade_key(SchemeItemPoints.item_id, SchemeItemPoints.part_code),
            Indicator.seq,
            IndicatorItem.code,
            IndicatorItem.seq,
            SchemePart.code,
            SchemePart.seq,
        )
        .join(IndicatorItem, IndicatorItem.id == SchemeItemPoints.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .join(
            SchemePart,
            and_(
                SchemePart.scheme_id == SchemeItemPoints.scheme_id,
                SchemePart.code == SchemeItemPoints.part_code,
            ),
        )
        .where(SchemeItemPoints.scheme_id.in_(bindparam("scheme_ids", expanding=True)))
        .order_by(SchemeItemPoints.scheme_id, Indicator.seq, IndicatorItem.seq, SchemePart.seq)
    )


def scheme_parts(engine: Engine, scheme_ids: tuple[int, ...]) -> pd.DataFrame:
    """One row per part an item is graded in under the given grading schemes (those a
    unit's reports use: the ``scheme_id`` of :func:`data_access.units.unit_history`'s reports).

    Columns: scheme_id, code, seq, name_zh, name_en.
    """
    return read_frame(
        engine,
        select(SchemePart.scheme_id, SchemePart.code, SchemePart.seq, SchemePart.name_zh, SchemePart.name_en)
        .where(SchemePart.scheme_id.in_(scheme_ids))
        .order_by(SchemePart.scheme_id, SchemePart.seq),
    )


def scheme_grade_values(engine: Engine, scheme_ids: tuple[int, ...]) -> pd.DataFrame:
    """One row per grade of the given grading schemes, best first.

    Columns: scheme_id, code, fraction, name_zh, name_en.
    """
    return read_frame(
        engine,
        select(
            GradeValue.scheme_id, GradeValue.code, GradeValue.fraction, GradeValue.name_zh, GradeValue.name_en
        )
        .where(GradeValue.scheme_id.in_(scheme_ids))
        .order_by(GradeValue.scheme_id, GradeValue.fraction.desc(), GradeValue.code),
    )


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
    return _typed(frame, "int64", "year", "quarter", "months_reported", *REPORT_COUNTS)


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


def unit_months(engine: Engine, unit_code: str, month: dt.date) -> pd.DataFrame:
    """One row per month up to ``month`` the unit reported (its current revision): rates,
    hazards, and money with running totals since its first report.

    Columns: month, revision, participation_rate, satisfaction_rate, hazards_found,
    hazards_rectified, subsidy_received, funds_spent, received_to_date, spent_to_date
    (money in yuan).
    """
    frame = read_frame(engine, _months_query().params(unit_code=unit_code, month=month))
    return _typed(frame, "float64", "subsidy_received", "funds_spent", "received_to_date", "spent_to_date")


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
    return _typed(frame, "int64", "year", "months_reported", "accidents", "injuries", "projects")


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


def unit_allocations(engine: Engine, unit_code: str, day: dt.date) -> pd.DataFrame:
    """One row per subsidy allocated to the unit by ``day``, with what was paid by then.

    Columns: programme_code, source_zh, source_en, allocated_on, amount, disbursed
    (yuan), note.
    """
    frame = read_frame(engine, _allocations_query().params(unit_code=unit_code, day=day))
    return _typed(frame, "float64", "amount", "disbursed")


@functools.cache
def _allocations_query() -> Select:
    day = bindparam("day", type_=Date)
    source = Region.__table__.alias("source")
    paid = (
        select(func.coalesce(func.sum(SubsidyDisbursement.amount), 0))
        .where(
            SubsidyDisbursement.allocation_id == SubsidyAllocation.id,
            SubsidyDisbursement.disbursed_on <= day,
        )
        .scalar_subquery()
    )
    return (
        select(
            Programme.code.label("programme_code"),
            source.c.name_zh.label("source_zh"),
            source.c.name_en.label("source_en"),
            SubsidyAllocation.allocated_on,
            SubsidyAllocation.amount,
            paid.label("disbursed"),
            SubsidyAllocation.note,
        )
        .join(Programme, Programme.id == SubsidyAllocation.programme_id)
        .join(source, source.c.id == SubsidyAllocation.source_region_id)
        .where(SubsidyAllocation.recipient_region_id == UNIT_ID, SubsidyAllocation.allocated_on <= day)
        .order_by(SubsidyAllocation.allocated_on, SubsidyAllocation.id)
    )


def safety_domains(engine: Engine) -> pd.DataFrame:
    """One row per safety domain, in order.  Columns: code, seq, name_zh, name_en."""
    return read_frame(
        engine,
        select(SafetyDomain.code, SafetyDomain.seq, SafetyDomain.name_zh, SafetyDomain.name_en).order_by(
            SafetyDomain.seq
        ),
    )


def hard_rule_minimums(engine: Engine) -> pd.DataFrame:
    """One row per hard rule of the indicators: the measure, its window and its minimum.

    Columns: code, item_code, measure, period, aggregate, minimum, strict, fail_below,
    name_zh, name_en.
    """
    return read_frame(engine, HARD_RULES)
