"""Grading schemes (评分方案): their grades, the parts an item is graded in, and the points per item."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    Engine,
    func,
    select,
)

from data_access.access import reads
from data_access.database import read_frame
from data_access.models import (
    GradeValue,
    GradingScheme,
    SchemeItemPoints,
    SchemePart,
)


@reads(None)
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


@reads(None)
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


@reads(None)
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
