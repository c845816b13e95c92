"""Subsidies (补助资金): allocated, disbursed, received and spent, per region and per unit."""

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
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)

from data_access.access import reads
from data_access.database import read_frame, read_rows, typed
from data_access.models import (
    Programme,
    Region,
    ReportSummary,
    SubsidyAllocation,
    SubsidyDisbursement,
)
from data_access.regions import RegionRef, in_scopes, within
from data_access.units import UNIT_ID, enrolled_units

MONEY = ["allocated", "disbursed", "received", "spent"]
"""The money columns, in yuan: allocated and disbursed from the allocation records,
received and spent from the units' monthly reports."""


@reads("region")
def subsidy_totals(
    engine: Engine, region: RegionRef, days: Sequence[dt.date], programme_id: int | None = None
) -> pd.DataFrame:
    """Totals up to each of ``days`` for money whose recipient lies in the region, in yuan.

    One row per day (the index), columns :data:`MONEY`.  ``allocated`` and
    ``disbursed`` come from the allocation records; ``received`` and ``spent`` from the
    units' running totals on their latest summary row up to that day, one indexed row per
    unit (the pages ask for a month and the one before, so both come in one statement).
    """
    recipient = Region.__table__.alias("recipient")
    unit = Region.__table__.alias("unit")
    earlier = ReportSummary.__table__.alias("earlier")
    enrolled = enrolled_units(programme_id)
    per_day = []
    for day in days:
        allocations = (
            select(SubsidyAllocation.id, SubsidyAllocation.amount)
            .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
            .where(within(recipient.c, region), SubsidyAllocation.allocated_on <= day)
        )
        if programme_id is not None:
            allocations = allocations.where(SubsidyAllocation.programme_id == programme_id)
        allocated = allocations.subquery()
        latest_month = (
            select(func.max(earlier.c.month))
            .where(earlier.c.unit_id == unit.c.id, earlier.c.month <= day)
            .scalar_subquery()
        )
        reported = (
            select(
                func.sum(ReportSummary.received_to_date).label("received"),
                func.sum(ReportSummary.spent_to_date).label("spent"),
            )
            .select_from(unit)
            .join(
                ReportSummary, and_(ReportSummary.unit_id == unit.c.id, ReportSummary.month == latest_month)
            )
            .where(unit.c.level == "unit", within(unit.c, region), unit.c.id.in_(enrolled))
            .subquery()
        )
        per_day.append(
            select(
                literal(day, Date).label("day"),
                select(func.sum(allocated.c.amount)).scalar_subquery().label("allocated"),
                select(func.sum(SubsidyDisbursement.amount))
                .where(
                    SubsidyDisbursement.allocation_id.in_(select(allocated.c.id)),
                    SubsidyDisbursement.disbursed_on <= day,
                )
                .scalar_subquery()
                .label("disbursed"),
                reported.c.received,
                reported.c.spent,
            )
        )
    rows = read_rows(engine, union_all(*per_day))
    frame = pd.DataFrame(rows, columns=["day", *MONEY]).set_index("day")
    return frame.fillna(0).astype(float).reindex(list(days))


@reads("unit_code")
def unit_allocations(engine: Engine, unit_code: str, day: dt.date) -> pd.DataFrame:
    """One row per subsidy allocated to the unit by ``day``, with what was paid by then.

    Columns: programme_code, source_zh, source_en, allocated_on, amount, disbursed
    (yuan), note.
    """
    frame = read_frame(engine, _allocations_query().params(unit_code=unit_code, day=day))
    return typed(frame, "float64", "amount", "disbursed")


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


@reads("county")
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
