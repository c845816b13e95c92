"""Current self-assessment scores: each unit's latest graded report up to a month, per indicator and per item.

Every "current assessment" is the unit's latest graded report up to the month, found by a
correlated ``ORDER BY month DESC LIMIT 1`` over the summary's primary key (docs/performance.md),
so a unit that has not re-assessed for months still shows its last self-assessment (with the
month it was made).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import (
    Engine,
    and_,
    case,
    func,
    select,
)

from data_access.access import reads
from data_access.database import read_frame, reading
from data_access.models import (
    INDICATOR_COUNT,
    GradeValue,
    Indicator,
    IndicatorItem,
    Region,
    ReportGrade,
    ReportSummary,
    SchemeItemPoints,
)
from data_access.regions import RegionRef
from data_access.units import units_in


@reads("region")
def current_item_scores(
    engine: Engine,
    region: RegionRef,
    month: dt.date,
    programme_id: int | None = None,
    indicator_seq: int | None = None,
) -> pd.DataFrame:
    """One row per assessed unit × item (of one indicator, if given), by unit code and in
    catalogue order: the item in the unit's latest self-assessment up to ``month``, scored
    under that report's scheme.

    ``item_score`` is the percent of the item's points earned; ``grade`` is the grade when
    the scheme grades the item as a whole (A/B/C) and empty when it grades it in parts;
    ``failed`` is 1 when some part earned nothing (a C, a d).  Columns: unit_code,
    assessed_month, indicator_seq, item_code, parts, grade, item_score, failed.
    """
    # Materialised, so each unit's latest report is looked up once, not once per grade.
    latest = latest_assessments(region, month, programme_id).cte("latest").prefix_with("MATERIALIZED")
    reports = (
        select(latest.c.unit_code, ReportSummary.month.label("assessed_month"), ReportSummary.report_id)
        .join(ReportSummary, ReportSummary.report_id == latest.c.report_id)
        .order_by(latest.c.unit_code)
    )
    items = (
        select(IndicatorItem.id, Indicator.seq.label("indicator_seq"), IndicatorItem.code.label("item_code"))
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .order_by(Indicator.seq, IndicatorItem.seq)
    )
    if indicator_seq is not None:
        items = items.where(Indicator.seq == indicator_seq)
    with reading(engine) as reader:
        reports = reader.frame(reports)
        items = reader.frame(items)
        scores = reader.frame(_item_scores(latest, None if indicator_seq is None else items["id"].tolist()))
    # Each score gets its unit and item back by report id and item id, and its place from
    # theirs: units by code, items in catalogue order, as the two lists above came.
    unit_at = pd.Index(reports["report_id"]).get_indexer(scores["report_id"])
    item_at = pd.Index(items["id"]).get_indexer(scores["item_id"])
    order = np.lexsort((item_at, unit_at))
    unit_at, item_at = unit_at[order], item_at[order]
    return pd.DataFrame(
        {
            "unit_code": reports["unit_code"].to_numpy()[unit_at],
            "assessed_month": reports["assessed_month"].to_numpy()[unit_at],
            "indicator_seq": items["indicator_seq"].to_numpy()[item_at],
            "item_code": items["item_code"].to_numpy()[item_at],
            **{
                column: scores[column].to_numpy()[order]
                for column in ("parts", "grade", "item_score", "failed")
            },
        }
    )


def _item_scores(latest, item_ids: list[int] | None):
    """One row per item (of ``item_ids``, if given) of the reports in ``latest`` (a CTE
    with a report_id column): report_id, item_id, parts, grade, item_score, failed (see
    :func:`current_item_scores`).

    Only the grades are read per row, by their (report_id, item_id, part_code) key, and
    each costs one lookup of what it is worth under its scheme (``worth``: every scheme's
    item part × grade, a few hundred rows).  The unit and the item's names are left out:
    joined here they would cost more lookups per grade than the whole scoring.  On SQLite
    the key order lets an item's parts be summed as they come, without a sort.  The outer
    join keeps both databases reading the grades first, not probing them once per row of
    ``worth``; every grade has its worth (the foreign keys see to that), so it drops nothing.
    """
    worth = (
        select(
            SchemeItemPoints.scheme_id,
            SchemeItemPoints.item_id,
            SchemeItemPoints.part_code,
            GradeValue.code.label("grade"),
            (GradeValue.fraction * SchemeItemPoints.max_points).label("earned"),
            SchemeItemPoints.max_points,
            case((GradeValue.fraction == 0, 1), else_=0).label("zero"),
        )
        .join(GradeValue, GradeValue.scheme_id == SchemeItemPoints.scheme_id)
        .cte("worth")
        .prefix_with("MATERIALIZED")
    )
    graded = [ReportGrade.report_id.in_(select(latest.c.report_id))]
    if item_ids is not None:
        graded.append(ReportGrade.item_id.in_(item_ids))
    parts = func.count()
    return (
        select(
            ReportGrade.report_id,
            ReportGrade.item_id,
            parts.label("parts"),
            case((parts == 1, func.min(ReportGrade.grade))).label("grade"),
            (100.0 * func.sum(worth.c.earned) / func.sum(worth.c.max_points)).label("item_score"),
            func.max(worth.c.zero).label("failed"),
        )
        .outerjoin(
            worth,
            and_(
                worth.c.scheme_id == ReportGrade.scheme_id,
                worth.c.item_id == ReportGrade.item_id,
                worth.c.part_code == ReportGrade.part_code,
                worth.c.grade == ReportGrade.grade,
            ),
        )
        .where(*graded)
        .group_by(ReportGrade.report_id, ReportGrade.item_id)
    )


@reads("region")
def county_indicator_scores(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per county-level unit, by code: the averages over the county's assessed
    units of each one's latest self-assessment up to ``month``, as the summary stores it.

    ``units`` counts the enrolled units, ``assessed`` those with an assessment (the
    averages cover only these; they are empty when none has one).  Columns: county_id,
    county_code, county_zh, county_en, units, assessed, score (the average composite),
    s1..s12 (the average score of indicator 1..12).
    """
    latest = latest_assessments(region, month, programme_id).subquery("latest")
    county = Region.__table__.alias("county")
    query = (
        select(
            latest.c.county_id,
            county.c.code.label("county_code"),
            county.c.name_zh.label("county_zh"),
            county.c.name_en.label("county_en"),
            func.count().label("units"),
            func.count(ReportSummary.report_id).label("assessed"),
            func.avg(ReportSummary.score).label("score"),
            *(func.avg(column).label(column.key) for column in INDICATOR_SCORES),
        )
        .join(county, county.c.id == latest.c.county_id)
        .outerjoin(ReportSummary, ReportSummary.report_id == latest.c.report_id)
        .group_by(latest.c.county_id, county.c.code, county.c.name_zh, county.c.name_en)
        .order_by(county.c.code)
    )
    return scores_as_float(read_frame(engine, query))


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


@reads("region")
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
