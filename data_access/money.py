"""Subsidy money in a region: allocated, disbursed, and what units report received and spent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Date, Engine, and_, func, literal, select, union_all

from data_access.database import read_rows
from data_access.models import (
    Region,
    ReportSummary,
    SubsidyAllocation,
    SubsidyDisbursement,
)
from data_access.progress import enrolled_units
from data_access.regions import RegionRef, within

MONEY = ["allocated", "disbursed", "received", "spent"]
"""The money columns, in yuan: allocated and disbursed from the allocation records,
received and spent from the units' monthly reports."""


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
