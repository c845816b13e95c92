"""Programmes as the pages list them, and the programmes one unit is enrolled in with their planned stages."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    Engine,
    or_,
    select,
)

from data_access.access import reads
from data_access.database import read_frame, read_rows
from data_access.models import (
    Programme,
    ProgrammeStage,
    ProgrammeUnit,
    Region,
    TitleLevel,
)
from data_access.regions import RegionRef, within
from data_access.units import UNIT_ID, enrolment_spans


@reads("region")
def programmes_within(engine: Engine, region: RegionRef) -> pd.DataFrame:
    """One row per programme run by the region, by a region inside it, or by one above it.

    Columns: id, code, name_zh, name_en, source, source_en (empty if none), start_date, end_date,
    report_deadline_day, scheme_id, level_code, level_zh, level_en, region_code.
    """
    owner = Region.__table__.alias("owner")
    return read_frame(
        engine,
        select(
            Programme.id,
            Programme.code,
            Programme.name_zh,
            Programme.name_en,
            Programme.source,
            Programme.source_en,
            Programme.start_date,
            Programme.end_date,
            Programme.report_deadline_day,
            Programme.scheme_id,
            TitleLevel.code.label("level_code"),
            TitleLevel.name_zh.label("level_zh"),
            TitleLevel.name_en.label("level_en"),
            owner.c.code.label("region_code"),
        )
        .join(owner, owner.c.id == Programme.region_id)
        .join(TitleLevel, TitleLevel.id == Programme.level_id)
        .where(or_(within(owner.c, region), owner.c.id.in_(region.ancestor_ids or {-1})))
        .order_by(Programme.start_date, Programme.code),
        dates=["start_date", "end_date"],
    )


@reads("unit_code")
def unit_plan(engine: Engine, unit_code: str) -> pd.DataFrame:
    """One row per planned stage of each programme the unit is enrolled in.

    Columns: programme_code, programme_zh, programme_en, start_date, end_date,
    report_deadline_day, enrolled_on, is_pilot, seq, stage_zh, stage_en, planned_start, planned_end.
    A programme without planned stages still gives one row, with the stage columns empty.
    """
    query = (
        enrolment_spans()
        .with_only_columns(
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
        .outerjoin(ProgrammeStage, ProgrammeStage.programme_id == Programme.id)
        .where(ProgrammeUnit.unit_id == UNIT_ID)
        .order_by(Programme.start_date, Programme.code, ProgrammeStage.seq)
    )
    dates = ("start_date", "end_date", "enrolled_on", "planned_start", "planned_end")
    return read_frame(engine, query, {"unit_code": unit_code}, dates)


def programme_by_code(engine: Engine, code: str) -> int | None:
    """The id of the programme coded ``code``, if there is one."""
    rows = read_rows(engine, select(Programme.id).where(Programme.code == code))
    return int(rows[0][0]) if rows else None
