"""Stages (创建阶段): where units stand on their path, the moves they made, and the programmes' planned stages."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import (
    Date,
    Engine,
    Select,
    and_,
    bindparam,
    func,
    select,
    true,
    union_all,
)

from data_access.access import reads
from data_access.database import read_frame
from data_access.models import (
    Programme,
    ProgrammeStage,
    ProgrammeUnit,
    Region,
    Stage,
    StageEvent,
)
from data_access.regions import RegionRef, in_scopes, within
from data_access.units import enrolled_units


@reads("county")
def stage_events(
    engine: Engine, county: RegionRef, as_of: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per stage event entered on or before ``as_of`` by a unit of the county, in
    a programme the unit is enrolled in, in the order they happened.

    Columns: programme_id, unit_id, unit_code, stage_code, stage_seq, entered_on.
    """
    query = _stage_events_query(county.level, programme_id is not None)
    parameters = {"county_id": county.id, "as_of": as_of, "programme_id": programme_id}
    return read_frame(engine, query, parameters, ["entered_on"])


@functools.cache
def _stage_events_query(level: str, one_programme: bool) -> Select:
    """Built once per kind of call and run with parameters: building took longer than running."""
    query = (
        select(
            StageEvent.programme_id,
            StageEvent.unit_id,
            Region.code.label("unit_code"),
            StageEvent.stage_code,
            Stage.seq.label("stage_seq"),
            StageEvent.entered_on,
        )
        .join(Region, Region.id == StageEvent.unit_id)
        .join(
            ProgrammeUnit,
            and_(
                ProgrammeUnit.unit_id == StageEvent.unit_id,
                ProgrammeUnit.programme_id == StageEvent.programme_id,
            ),
        )
        .join(Stage, Stage.code == StageEvent.stage_code)
        .where(
            Region.level == "unit",
            in_scopes(Region.__table__, bindparam("county_id"), [level]),
            StageEvent.entered_on <= bindparam("as_of", type_=Date),
        )
        .order_by(StageEvent.programme_id, Region.code, StageEvent.entered_on, StageEvent.id)
    )
    if one_programme:
        query = query.where(StageEvent.programme_id == bindparam("programme_id"))
    return query


@reads("county")
def planned_stages(engine: Engine, county: RegionRef, programme_id: int | None = None) -> pd.DataFrame:
    """One row per planned stage of each programme in which a unit of the county is enrolled.

    Columns: programme_id, programme_code, seq, name_zh, name_en, planned_start, planned_end.
    """
    enrolled = (
        select(ProgrammeUnit.programme_id)
        .join(Region, Region.id == ProgrammeUnit.unit_id)
        .where(Region.level == "unit", within(Region, county))
    )
    query = (
        select(
            ProgrammeStage.programme_id,
            Programme.code.label("programme_code"),
            ProgrammeStage.seq,
            ProgrammeStage.name_zh,
            ProgrammeStage.name_en,
            ProgrammeStage.planned_start,
            ProgrammeStage.planned_end,
        )
        .join(Programme, Programme.id == ProgrammeStage.programme_id)
        .where(ProgrammeStage.programme_id.in_(enrolled))
        .order_by(Programme.code, ProgrammeStage.seq)
    )
    if programme_id is not None:
        query = query.where(ProgrammeStage.programme_id == programme_id)
    return read_frame(engine, query, dates=["planned_start", "planned_end"])


@reads("region")
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
