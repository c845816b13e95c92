"""One community's record, aggregated for its drill-down page (社区详情).

Every function takes the unit's code and returns a tidy frame whose grain its docstring
states.  Reads go through the (unit, month) keys of ``report_summary`` — the current
revision of each month — and from there to a report's grades and domains by their
report-id keys, so a unit's page reads its own rows and nothing else.
:func:`data_access.units.unit_history` supplies the profile, titles, stage events and
every report revision; this module adds the sums, the plan and the revisions' grades.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, Integer, and_, cast, extract, func, literal, select

from data_access.catalogue import read_frame
from data_access.models import (
    REPORT_COUNTS,
    GradeValue,
    HardRule,
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
    SchemePart,
    Stage,
    SubsidyAllocation,
    SubsidyDisbursement,
)
from data_access.regions import RegionRef, within


def _unit_id(unit_code: str):
    """The unit's id as a scalar subquery over the unique code index."""
    return select(Region.id).where(Region.code == unit_code, Region.level == "unit").scalar_subquery()


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Date columns as ``datetime.date`` whatever the driver returned (SQLite gives text)."""
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _year(column):
    return cast(extract("year", column), Integer)


def _month_of_year(column):
    return cast(extract("month", column), Integer)


def community_choices(engine: Engine, region: RegionRef, programme_id: int | None = None) -> pd.DataFrame:
    """One row per unit of the region enrolled in the programme (in any, if none given).

    Columns: code, name_zh, name_en, county_zh, county_en; in code order.
    """
    enrolled = select(ProgrammeUnit.unit_id)
    if programme_id is not None:
        enrolled = enrolled.where(ProgrammeUnit.programme_id == programme_id)
    county = Region.__table__.alias("county")
    return read_frame(
        engine,
        select(
            Region.code,
            Region.name_zh,
            Region.name_en,
            county.c.name_zh.label("county_zh"),
            county.c.name_en.label("county_en"),
        )
        .outerjoin(county, county.c.id == Region.county_id)
        .where(Region.level == "unit", within(Region, region), Region.id.in_(enrolled))
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
        .where(ProgrammeUnit.unit_id == _unit_id(unit_code))
        .order_by(Programme.start_date, Programme.code, ProgrammeStage.seq)
    )
    frame = read_frame(engine, query)
    return _dates(frame, "start_date", "end_date", "enrolled_on", "planned_start", "planned_end")


def unit_item_grades(engine: Engine, unit_code: str, month: dt.date) -> pd.DataFrame:
    """One row per graded current report up to ``month`` × item × part: the grade given.

    Columns: month, indicator_seq, item_code, item_seq, part_code, part_seq, grade,
    fraction; ordered by month and item.  The items' wording is in :func:`data_access.catalogue.indicator_items`.
    """
    query = (
        select(
            ReportSummary.month,
            Indicator.seq.label("indicator_seq"),
            IndicatorItem.code.label("item_code"),
            IndicatorItem.seq.label("item_seq"),
            ReportGrade.part_code,
            SchemePart.seq.label("part_seq"),
            ReportGrade.grade,
            GradeValue.fraction,
        )
        .select_from(ReportSummary)
        .join(ReportGrade, ReportGrade.report_id == ReportSummary.report_id)
        .join(IndicatorItem, IndicatorItem.id == ReportGrade.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .join(
            GradeValue,
            and_(GradeValue.scheme_id == ReportGrade.scheme_id, GradeValue.code == ReportGrade.grade),
        )
        .join(
            SchemePart,
            and_(SchemePart.scheme_id == ReportGrade.scheme_id, SchemePart.code == ReportGrade.part_code),
        )
        .where(
            ReportSummary.unit_id == _unit_id(unit_code),
            ReportSummary.month <= month,
            ReportSummary.graded,
        )
        .order_by(ReportSummary.month, Indicator.seq, IndicatorItem.seq, SchemePart.seq)
    )
    return _dates(read_frame(engine, query), "month")


def scheme_parts(engine: Engine, unit_code: str) -> pd.DataFrame:
    """One row per part an item is graded in, under the schemes the unit's reports use.

    Columns: scheme_id, code, seq, name_zh, name_en.
    """
    schemes = select(Report.scheme_id).where(Report.unit_id == _unit_id(unit_code)).distinct()
    return read_frame(
        engine,
        select(SchemePart.scheme_id, SchemePart.code, SchemePart.seq, SchemePart.name_zh, SchemePart.name_en)
        .where(SchemePart.scheme_id.in_(schemes))
        .order_by(SchemePart.scheme_id, SchemePart.seq),
    )


def unit_grade_values(engine: Engine, unit_code: str) -> pd.DataFrame:
    """One row per grade of the schemes the unit's reports use, best first.

    Columns: scheme_id, code, fraction, name_zh, name_en.
    """
    schemes = select(Report.scheme_id).where(Report.unit_id == _unit_id(unit_code)).distinct()
    return read_frame(
        engine,
        select(
            GradeValue.scheme_id, GradeValue.code, GradeValue.fraction, GradeValue.name_zh, GradeValue.name_en
        )
        .where(GradeValue.scheme_id.in_(schemes))
        .order_by(GradeValue.scheme_id, GradeValue.fraction.desc(), GradeValue.code),
    )


PERIODS = ("quarter", "year")


def unit_activity_periods(engine: Engine, unit_code: str, month: dt.date, period: str) -> pd.DataFrame:
    """One row per calendar quarter (or year) up to ``month`` in which the unit reported:
    the sums of its activity counts over the current revisions of that period's months.

    Columns: year, quarter (0 for years), months_reported, and one sum per activity count
    (education_events, trainings, drills, inspections, hazards_found, hazards_rectified,
    volunteers, reviews_held).
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    year = _year(ReportSummary.month)
    quarter = (_month_of_year(ReportSummary.month) + 2) // 3 if period == "quarter" else literal(0)
    query = (
        select(
            year.label("year"),
            quarter.label("quarter"),
            func.count().label("months_reported"),
            *(func.sum(getattr(Report, name)).label(name) for name in REPORT_COUNTS),
        )
        .select_from(ReportSummary)
        .join(Report, Report.id == ReportSummary.report_id)
        .where(ReportSummary.unit_id == _unit_id(unit_code), ReportSummary.month <= month)
        .group_by(year, quarter)
        .order_by(year, quarter)
    )
    frame = read_frame(engine, query)
    return frame.astype({name: "int64" for name in ("year", "quarter", "months_reported", *REPORT_COUNTS)})


def unit_months(engine: Engine, unit_code: str, month: dt.date) -> pd.DataFrame:
    """One row per month up to ``month`` the unit reported (its current revision): rates,
    hazards, and money with running totals since its first report.

    Columns: month, revision, participation_rate, satisfaction_rate, hazards_found,
    hazards_rectified, subsidy_received, funds_spent, received_to_date, spent_to_date
    (money in yuan).
    """
    order = {"order_by": ReportSummary.month}
    query = (
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
        .where(ReportSummary.unit_id == _unit_id(unit_code), ReportSummary.month <= month)
        .order_by(ReportSummary.month)
    )
    frame = _dates(read_frame(engine, query), "month")
    money = ["subsidy_received", "funds_spent", "received_to_date", "spent_to_date"]
    return frame.astype({name: "float64" for name in money})


def unit_domain_outcomes(engine: Engine, unit_code: str, month: dt.date) -> pd.DataFrame:
    """One row per safety domain × year up to ``month``'s year: accidents and injuries the
    unit recorded from January to ``month``'s month of that year (the same part of every
    year, so consecutive years compare like with like: 同比).

    Only years with at least one such report appear, each with all twelve domains (zero
    where nothing was recorded).  Columns: year, months_reported, domain_code,
    domain_seq, domain_zh, domain_en, accidents, injuries, projects (the most projects
    running in any of those months).
    """
    unit = _unit_id(unit_code)
    same_part = and_(
        ReportSummary.unit_id == unit,
        ReportSummary.month <= month,
        _month_of_year(ReportSummary.month) <= month.month,
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
    query = (
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
    frame = read_frame(engine, query)
    return frame.astype(
        {name: "int64" for name in ("year", "months_reported", "accidents", "injuries", "projects")}
    )


def unit_allocations(engine: Engine, unit_code: str, day: dt.date) -> pd.DataFrame:
    """One row per subsidy allocated to the unit by ``day``, with what was paid by then.

    Columns: programme_code, source_zh, source_en, allocated_on, amount, disbursed
    (yuan), note.
    """
    source = Region.__table__.alias("source")
    paid = (
        select(func.coalesce(func.sum(SubsidyDisbursement.amount), 0))
        .where(
            SubsidyDisbursement.allocation_id == SubsidyAllocation.id,
            SubsidyDisbursement.disbursed_on <= day,
        )
        .scalar_subquery()
    )
    query = (
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
        .where(
            SubsidyAllocation.recipient_region_id == _unit_id(unit_code),
            SubsidyAllocation.allocated_on <= day,
        )
        .order_by(SubsidyAllocation.allocated_on, SubsidyAllocation.id)
    )
    frame = _dates(read_frame(engine, query), "allocated_on")
    return frame.astype({"amount": "float64", "disbursed": "float64"})


def corrected_report_grades(engine: Engine, unit_code: str) -> pd.DataFrame:
    """One row per revision × item × part of the unit's corrected months (those with more
    than one revision): the grade each revision gave, for comparing revisions.

    Columns: month, revision, item_code, part_code, grade.
    """
    unit = _unit_id(unit_code)
    corrected = select(Report.month).where(Report.unit_id == unit, Report.revision > 1)
    query = (
        select(
            Report.month,
            Report.revision,
            IndicatorItem.code.label("item_code"),
            ReportGrade.part_code,
            ReportGrade.grade,
        )
        .select_from(Report)
        .join(ReportGrade, ReportGrade.report_id == Report.id)
        .join(IndicatorItem, IndicatorItem.id == ReportGrade.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .where(Report.unit_id == unit, Report.month.in_(corrected))
        .order_by(Report.month, Report.revision, Indicator.seq, IndicatorItem.seq, ReportGrade.part_code)
    )
    return _dates(read_frame(engine, query), "month")


def corrected_report_domains(engine: Engine, unit_code: str) -> pd.DataFrame:
    """One row per revision × safety domain of the unit's corrected months: the projects,
    accidents and injuries each revision recorded, for comparing revisions.

    Columns: month, revision, domain_code, projects_running, accidents, injuries.
    """
    unit = _unit_id(unit_code)
    corrected = select(Report.month).where(Report.unit_id == unit, Report.revision > 1)
    query = (
        select(
            Report.month,
            Report.revision,
            ReportDomain.domain_code,
            ReportDomain.projects_running,
            ReportDomain.accidents,
            ReportDomain.injuries,
        )
        .select_from(Report)
        .join(ReportDomain, ReportDomain.report_id == Report.id)
        .join(SafetyDomain, SafetyDomain.code == ReportDomain.domain_code)
        .where(Report.unit_id == unit, Report.month.in_(corrected))
        .order_by(Report.month, Report.revision, SafetyDomain.seq)
    )
    return _dates(read_frame(engine, query), "month")


def stage_names(engine: Engine) -> pd.DataFrame:
    """One row per stage of a unit's path, in order.  Columns: code, seq, name_zh, name_en."""
    return read_frame(engine, select(Stage.code, Stage.seq, Stage.name_zh, Stage.name_en).order_by(Stage.seq))


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
    return read_frame(
        engine,
        select(
            HardRule.code,
            IndicatorItem.code.label("item_code"),
            HardRule.measure,
            HardRule.period,
            HardRule.aggregate,
            HardRule.minimum,
            HardRule.strict,
            HardRule.fail_below,
            HardRule.name_zh,
            HardRule.name_en,
        )
        .join(IndicatorItem, IndicatorItem.id == HardRule.item_id)
        .order_by(HardRule.code),
    )
