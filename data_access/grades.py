"""A unit's self-assessed grades over time, item by item: the cells of the community page's grades matrix.

Read through the (unit, month) keys of ``report_summary`` (the current revision of each month)
and from there to the report's grades by their report-id key, so a unit's read touches its
own rows only.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
from sqlalchemy import (
    JSON,
    Engine,
    Select,
    String,
    and_,
    bindparam,
    cast,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from data_access.access import reads
from data_access.database import reading
from data_access.models import (
    Indicator,
    IndicatorItem,
    ReportGrade,
    ReportSummary,
    SchemeItemPoints,
    SchemePart,
)
from data_access.reports import MONTH
from data_access.units import UNIT_ID


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


@reads("unit_code")
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
