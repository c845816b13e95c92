"""What the district page reads about one county-level unit: its units' enrolment, stage
events and the programme's planned stages, and the subsidy per unit.

Every function takes the county as a :class:`RegionRef`, aggregates in SQL and returns a
tidy frame whose grain its docstring states.  ``programme_id`` narrows to one programme;
without it every programme a unit of the county is enrolled in counts.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
from sqlalchemy import Date, Engine, Select, and_, bindparam, case, func, or_, select

from data_access.database import read_frame
from data_access.models import (
    Programme,
    ProgrammeStage,
    ProgrammeUnit,
    Region,
    ReportSummary,
    Stage,
    StageEvent,
    SubsidyAllocation,
    SubsidyDisbursement,
)
from data_access.money import MONEY
from data_access.progress import enrolled_units
from data_access.regions import RegionRef, in_scopes, within


def unit_enrolments(engine: Engine, county: RegionRef, programme_id: int | None = None) -> pd.DataFrame:
    """One row per unit of the county × programme it is enrolled in.

    A unit enrolled in no programme (or not in ``programme_id``) has one row with the
    programme columns empty, so the page can say how many units take no part.  Columns:
    unit_id, unit_code, unit_zh, unit_en, unit_kind, programme_id, programme_code,
    is_pilot, enrolled_on.
    """
    joined = ProgrammeUnit.unit_id == Region.id
    if programme_id is not None:
        joined = and_(joined, ProgrammeUnit.programme_id == programme_id)
    query = (
        select(
            Region.id.label("unit_id"),
            Region.code.label("unit_code"),
            Region.name_zh.label("unit_zh"),
            Region.name_en.label("unit_en"),
            Region.kind.label("unit_kind"),
            ProgrammeUnit.programme_id,
            Programme.code.label("programme_code"),
            ProgrammeUnit.is_pilot,
            ProgrammeUnit.enrolled_on,
        )
        .outerjoin(ProgrammeUnit, joined)
        .outerjoin(Programme, Programme.id == ProgrammeUnit.programme_id)
        .where(Region.level == "unit", within(Region, county))
        .order_by(Region.code, Programme.code)
    )
    frame = read_frame(engine, query, dates=["enrolled_on"])
    frame["programme_id"] = frame["programme_id"].astype("Int64")
    return frame


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


def unit_subsidies(
    engine: Engine, county: RegionRef, as_of: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per recipient in the county: the county itself first, then each of its units
    that is enrolled (in ``programme_id``, if given) or was allocated money, by code.

    ``allocated`` and ``disbursed`` sum what was allocated to and paid to that recipient on
    or before ``as_of`` (in the programme, if given); ``received`` and ``spent`` sum the
    subsidy received and funds spent of the unit's current monthly reports up to
    ``as_of`` (reports are not per programme), empty for the county's own row.  Yuan.
    Columns: region_id, region_code, region_zh, region_en, level, allocated, disbursed,
    received, spent.
    """
    query = _subsidies_query(county.level, programme_id is not None)
    parameters = {"county_id": county.id, "as_of": as_of, "programme_id": programme_id}
    frame = read_frame(engine, query, parameters)
    for column in MONEY:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


@functools.cache
def _subsidies_query(level: str, one_programme: bool) -> Select:
    """Built once per kind of call and run with parameters: building the statement took
    longer than running it."""
    as_of = bindparam("as_of", type_=Date)
    in_programme = [SubsidyAllocation.programme_id == bindparam("programme_id")] if one_programme else []
    enrolled = enrolled_units(bindparam("programme_id") if one_programme else None)
    allocated_to = select(SubsidyAllocation.recipient_region_id).where(*in_programme)
    allocated = (
        select(func.sum(SubsidyAllocation.amount))
        .where(
            SubsidyAllocation.recipient_region_id == Region.id,
            SubsidyAllocation.allocated_on <= as_of,
            *in_programme,
        )
        .scalar_subquery()
    )
    disbursed = (
        select(func.sum(SubsidyDisbursement.amount))
        .join(SubsidyAllocation, SubsidyAllocation.id == SubsidyDisbursement.allocation_id)
        .where(
            SubsidyAllocation.recipient_region_id == Region.id,
            SubsidyDisbursement.disbursed_on <= as_of,
            *in_programme,
        )
        .scalar_subquery()
    )

    def reported(running_total):
        """The unit's running total on its latest summary row up to ``as_of``: one indexed
        row per unit instead of a sum over all its months."""
        total = (
            select(running_total)
            .where(ReportSummary.unit_id == Region.id, ReportSummary.month <= as_of)
            .order_by(ReportSummary.month.desc())
            .limit(1)
            .scalar_subquery()
        )
        return case((Region.level == "unit", func.coalesce(total, 0)), else_=None)

    return (
        select(
            Region.id.label("region_id"),
            Region.code.label("region_code"),
            Region.name_zh.label("region_zh"),
            Region.name_en.label("region_en"),
            Region.level,
            func.coalesce(allocated, 0).label("allocated"),
            func.coalesce(disbursed, 0).label("disbursed"),
            reported(ReportSummary.received_to_date).label("received"),
            reported(ReportSummary.spent_to_date).label("spent"),
        )
        .where(
            or_(
                Region.id == bindparam("county_id"),
                and_(
                    Region.level == "unit",
                    in_scopes(Region.__table__, bindparam("county_id"), [level]),
                    or_(Region.id.in_(enrolled), Region.id.in_(allocated_to)),
                ),
            )
        )
        .order_by(Region.level != "county", Region.code)
    )
