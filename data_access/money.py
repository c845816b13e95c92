"""Subsidy money in a region: allocated, disbursed, and what units report received and spent."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.models import (
    ProgrammeUnit,
    Region,
    Report,
    ReportSummary,
    SubsidyAllocation,
    SubsidyDisbursement,
)
from data_access.regions import RegionRef, within


def subsidy_totals(
    engine: Engine, region: RegionRef, day: dt.date, programme_id: int | None = None
) -> pd.Series:
    """Totals up to ``day`` for money whose recipient lies in the region, in yuan.

    ``allocated`` and ``disbursed`` come from the allocation records; ``received`` and
    ``spent`` from the current revisions of the units' monthly reports up to that month.
    """
    recipient = Region.__table__.alias("recipient")
    allocations = (
        select(SubsidyAllocation.id, SubsidyAllocation.amount)
        .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
        .where(within(recipient.c, region), SubsidyAllocation.allocated_on <= day)
    )
    if programme_id is not None:
        allocations = allocations.where(SubsidyAllocation.programme_id == programme_id)
    allocations = allocations.subquery("allocations")
    enrolled = select(ProgrammeUnit.unit_id)
    if programme_id is not None:
        enrolled = enrolled.where(ProgrammeUnit.programme_id == programme_id)
    with engine.connect() as connection:
        allocated = connection.scalar(select(func.coalesce(func.sum(allocations.c.amount), 0)))
        disbursed = connection.scalar(
            select(func.coalesce(func.sum(SubsidyDisbursement.amount), 0))
            .join(allocations, allocations.c.id == SubsidyDisbursement.allocation_id)
            .where(SubsidyDisbursement.disbursed_on <= day)
        )
        received, spent = connection.execute(
            select(
                func.coalesce(func.sum(Report.subsidy_received), 0),
                func.coalesce(func.sum(Report.funds_spent), 0),
            )
            .select_from(ReportSummary)
            .join(Report, Report.id == ReportSummary.report_id)
            .join(Region, Region.id == ReportSummary.unit_id)
            .where(within(Region, region), ReportSummary.month <= day, Region.id.in_(enrolled))
        ).one()
    return pd.Series(
        {
            "allocated": float(allocated),
            "disbursed": float(disbursed),
            "received": float(received),
            "spent": float(spent),
        }
    )
