"""What the indicator heatmap reads besides the current scores of :mod:`data_access.progress`:
county averages, item scores under each report's scheme, and the catalogue's names.

Every "current assessment" is the unit's latest graded report up to the month, found by
the same correlated ``ORDER BY month DESC LIMIT 1`` over the summary's primary key as in
:mod:`data_access.progress`, so a unit that has not re-assessed for months still shows
its last self-assessment (with the month it was made).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from data_access.catalogue import read_frame
from data_access.models import (
    GradeValue,
    GradingScheme,
    HardRule,
    Indicator,
    IndicatorItem,
    ProgrammeUnit,
    Region,
    ReportGrade,
    ReportSummary,
    SchemeItemPoints,
)
from data_access.progress import INDICATOR_SCORES, indicator_rows, latest_graded, units_in
from data_access.regions import RegionRef, within


def hard_rule_names(engine: Engine) -> pd.DataFrame:
    """One row per hard rule with the item and indicator it belongs to.

    Columns: rule_code, item_code, indicator_seq, name_zh, name_en.
    """
    return read_frame(
        engine,
        select(
            HardRule.code.label("rule_code"),
            IndicatorItem.code.label("item_code"),
            Indicator.seq.label("indicator_seq"),
            HardRule.name_zh,
            HardRule.name_en,
        )
        .join(IndicatorItem, IndicatorItem.id == HardRule.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .order_by(Indicator.seq, IndicatorItem.seq, HardRule.code),
    )


def grading_scheme(engine: Engine, scheme_id: int) -> pd.DataFrame:
    """The scheme as one row (none if unknown): code, version, name_zh, name_en, pass_mark,
    conditional_pass_mark, max_points, parts (how many parts an item is graded in, at most).
    """
    of_scheme = SchemeItemPoints.scheme_id == GradingScheme.id
    return read_frame(
        engine,
        select(
            GradingScheme.code,
            GradingScheme.version,
            GradingScheme.name_zh,
            GradingScheme.name_en,
            GradingScheme.pass_mark,
            GradingScheme.conditional_pass_mark,
            select(func.sum(SchemeItemPoints.max_points))
            .where(of_scheme)
            .scalar_subquery()
            .label("max_points"),
            select(func.count(func.distinct(SchemeItemPoints.part_code)))
            .where(of_scheme)
            .scalar_subquery()
            .label("parts"),
        ).where(GradingScheme.id == scheme_id),
    )


def current_item_scores(
    engine: Engine,
    region: RegionRef,
    month: dt.date,
    programme_id: int | None = None,
    indicator_seq: int | None = None,
) -> pd.DataFrame:
    """One row per assessed unit × item (of one indicator, if given): the item in the unit's
    latest self-assessment up to ``month``, scored under that report's scheme.

    ``item_score`` is the percent of the item's points earned; ``grade`` is the grade when
    the scheme grades the item as a whole (A/B/C) and empty when it grades it in parts;
    ``failed`` is 1 when some part earned nothing (a C, a d).  Columns: unit_id,
    unit_code, unit_zh, county_id, assessed_month, indicator_seq, item_code, parts,
    grade, item_score, failed.
    """
    units = units_in(region, programme_id).subquery("u")
    # Materialised, so each unit's latest report is looked up once, not once per grade row.
    latest = (
        select(
            units.c.id.label("unit_id"),
            units.c.code.label("unit_code"),
            units.c.name_zh.label("unit_zh"),
            units.c.county_id,
            latest_graded(units.c.id, month).label("report_id"),
        )
        .cte("latest")
        .prefix_with("MATERIALIZED")
    )
    parts = func.count()
    query = (
        select(
            latest.c.unit_id,
            latest.c.unit_code,
            latest.c.unit_zh,
            latest.c.county_id,
            ReportSummary.month.label("assessed_month"),
            Indicator.seq.label("indicator_seq"),
            IndicatorItem.code.label("item_code"),
            parts.label("parts"),
            case((parts == 1, func.min(ReportGrade.grade))).label("grade"),
            (
                100.0
                * func.sum(GradeValue.fraction * SchemeItemPoints.max_points)
                / func.sum(SchemeItemPoints.max_points)
            ).label("item_score"),
            func.max(case((GradeValue.fraction == 0, 1), else_=0)).label("failed"),
        )
        .select_from(latest)
        .join(ReportSummary, ReportSummary.report_id == latest.c.report_id)
        .join(ReportGrade, ReportGrade.report_id == latest.c.report_id)
        .join(IndicatorItem, IndicatorItem.id == ReportGrade.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .join(
            GradeValue,
            and_(GradeValue.scheme_id == ReportGrade.scheme_id, GradeValue.code == ReportGrade.grade),
        )
        .join(
            SchemeItemPoints,
            and_(
                SchemeItemPoints.scheme_id == ReportGrade.scheme_id,
                SchemeItemPoints.item_id == ReportGrade.item_id,
                SchemeItemPoints.part_code == ReportGrade.part_code,
            ),
        )
        .group_by(
            latest.c.unit_id,
            latest.c.unit_code,
            latest.c.unit_zh,
            latest.c.county_id,
            ReportSummary.month,
            Indicator.seq,
            IndicatorItem.seq,
            IndicatorItem.code,
        )
        .order_by(latest.c.unit_code, Indicator.seq, IndicatorItem.seq)
    )
    if indicator_seq is not None:
        query = query.where(Indicator.seq == indicator_seq)
    frame = read_frame(engine, query)
    frame["assessed_month"] = pd.to_datetime(frame["assessed_month"]).dt.date
    return frame


def county_indicator_scores(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per county-level unit × first-level indicator: the average over the county's
    assessed units of each one's latest self-assessment up to ``month``.

    ``units`` counts the enrolled units, ``assessed`` those with an assessment (the
    averages cover only these; they are empty when none has one).  Columns: county_id,
    county_code, county_zh, county_en, units, assessed, score (the average composite),
    indicator_seq, indicator_score.
    """
    enrolled = select(ProgrammeUnit.unit_id)
    if programme_id is not None:
        enrolled = enrolled.where(ProgrammeUnit.programme_id == programme_id)
    units = (
        select(Region.id, Region.county_id, latest_graded(Region.id, month).label("report_id"))
        .where(Region.level == "unit", within(Region, region), Region.id.in_(enrolled))
        .subquery("u")
    )
    county = Region.__table__.alias("county")
    query = (
        select(
            units.c.county_id,
            county.c.code.label("county_code"),
            county.c.name_zh.label("county_zh"),
            county.c.name_en.label("county_en"),
            func.count().label("units"),
            func.count(ReportSummary.report_id).label("assessed"),
            func.avg(ReportSummary.score).label("score"),
            *(func.avg(column).label(column.key) for column in INDICATOR_SCORES),
        )
        .join(county, county.c.id == units.c.county_id)
        .outerjoin(ReportSummary, ReportSummary.report_id == units.c.report_id)
        .group_by(units.c.county_id, county.c.code, county.c.name_zh, county.c.name_en)
        .order_by(county.c.code)
    )
    wide = read_frame(engine, query)
    wide["score"] = wide["score"].astype(float)
    return indicator_rows(wide, "county_code")
