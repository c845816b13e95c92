"""The counts behind target attainment: titles held, pilots launched, money disbursed.

Every count is taken on the day the target is judged: the as-of date, or the due date if
that came first, because a target is met or missed on its due date and later titles do
not change that verdict.  :func:`oversight.attainment.assess_targets` turns these counts
into required, met and gap.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, case, func, or_, select

from data_access.models import (
    Programme,
    ProgrammeUnit,
    Region,
    StageEvent,
    SubsidyAllocation,
    SubsidyDisbursement,
    Target,
    Title,
    TitleLevel,
)
from data_access.regions import RegionRef, counties_within, regions_by_id, within

COLUMNS = [
    "target_id",
    "programme_code",
    "target_code",
    "shape",
    "level_code",
    "level_zh",
    "level_en",
    "description_zh",
    "description_en",
    "due_date",
    "threshold",
    "judged_on",
    "role",
    "region_id",
    "region_code",
    "region_zh",
    "region_en",
    "units",
    "achieved",
    "allocated",
]


def title_holders(level_id: int, day: dt.date):
    """SQL for the ids of units holding a valid, unrevoked title of a level on a day."""
    return (
        select(Title.unit_id)
        .where(
            Title.level_id == level_id,
            Title.named_on <= day,
            or_(Title.valid_until.is_(None), Title.valid_until >= day),
            or_(Title.revoked_on.is_(None), Title.revoked_on > day),
        )
        .distinct()
    )


def target_progress(engine: Engine, as_of: dt.date, region: RegionRef | None = None) -> pd.DataFrame:
    """One row per target and region: the scope itself, and for share, per-child and
    pilots targets each county-level unit of the scope.

    ``region`` narrows to targets whose scope lies in it or contains it, and to rows for
    regions inside it.  Columns: :data:`COLUMNS`; ``units`` is the number of units the
    share is taken over, ``allocated`` is set for budget targets.
    """
    with engine.connect() as connection:
        targets = connection.execute(_targets_query(region)).mappings().all()
        rows: list[dict] = []
        for target in targets:
            judged_on = min(as_of, target["due_date"])
            scope = regions_by_id(connection, [target["scope_region_id"]])[target["scope_region_id"]]
            common = {k: target[k] for k in COLUMNS if k in target} | {"judged_on": judged_on}
            for row in _counts(connection, target, scope, judged_on):
                rows.append(common | row)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if region is not None and not frame.empty:
        inside = _ids_within(engine, region, frame["region_id"].unique().tolist())
        frame = frame[frame["region_id"].isin(inside)]
    return frame.reset_index(drop=True)


def _targets_query(region: RegionRef | None):
    query = (
        select(
            Target.id.label("target_id"),
            Programme.code.label("programme_code"),
            Programme.id.label("programme_id"),
            Target.code.label("target_code"),
            Target.shape,
            Target.level_id,
            TitleLevel.code.label("level_code"),
            TitleLevel.name_zh.label("level_zh"),
            TitleLevel.name_en.label("level_en"),
            Target.description_zh,
            Target.description_en,
            Target.due_date,
            Target.threshold,
            Target.scope_region_id,
        )
        .join(Programme, Programme.id == Target.programme_id)
        .join(Region, Region.id == Target.scope_region_id)
        .outerjoin(TitleLevel, TitleLevel.id == Target.level_id)
        .order_by(Programme.code, Target.code)
    )
    if region is not None:
        query = query.where(or_(within(Region, region), Region.id.in_(region.ancestor_ids or {-1})))
    return query


def _counts(connection: Connection, target, scope: RegionRef, day: dt.date) -> list[dict]:
    shape = target["shape"]
    if shape == "budget":
        return [_budget(connection, target, scope, day)]
    by_county = _counts_by_county(connection, target, scope, day)
    rows = []
    if shape in ("share", "count_per_child", "pilots") and scope.level != "county":
        for child in counties_within(connection, scope):
            units, achieved = by_county.get(child.id, (0, 0))
            rows.append(_row(child, "child", units, achieved))
    units = sum(units for units, _ in by_county.values())
    achieved = sum(achieved for _, achieved in by_county.values())
    rows.append(_row(scope, "scope", units, achieved))
    return rows


def _row(region: RegionRef, role: str, units: int, achieved: float) -> dict:
    return _region_fields(region) | {
        "role": role,
        "units": units,
        "achieved": float(achieved),
        "allocated": None,
    }


def _counts_by_county(
    connection: Connection, target, scope: RegionRef, day: dt.date
) -> dict[int, tuple[int, int]]:
    """Per county-level unit of the scope: (units counted over, units that count toward the target).

    The qualifying units (title holders, launched pilots) are found once per target,
    rather than tested unit by unit against the titles: at province scale that is one
    index range instead of thousands of lookups.
    """
    unit = Region.__table__.alias("unit")
    if target["shape"] == "pilots":
        qualifying = (
            select(StageEvent.unit_id)
            .where(
                StageEvent.programme_id == target["programme_id"],
                StageEvent.stage_code == "launched",
                StageEvent.entered_on <= day,
            )
            .distinct()
            .subquery("qualifying")
        )
        base = (
            select(unit.c.county_id, func.count(), func.count(qualifying.c.unit_id))
            .select_from(unit)
            .join(
                ProgrammeUnit,
                and_(
                    ProgrammeUnit.unit_id == unit.c.id,
                    ProgrammeUnit.programme_id == target["programme_id"],
                    ProgrammeUnit.is_pilot,
                ),
            )
        )
        base = base.outerjoin(qualifying, qualifying.c.unit_id == unit.c.id)
    else:
        # An IN test against the holders: SQLite would scan a joined DISTINCT subquery per unit.
        holds = case((unit.c.id.in_(title_holders(target["level_id"], day)), 1))
        base = select(unit.c.county_id, func.count(), func.count(holds)).select_from(unit)
    query = base.where(unit.c.level == "unit", within(unit.c, scope)).group_by(unit.c.county_id)
    return {county: (units, achieved) for county, units, achieved in connection.execute(query)}


def _budget(connection: Connection, target, scope: RegionRef, day: dt.date) -> dict:
    recipient = Region.__table__.alias("recipient")
    allocated = (
        select(func.coalesce(func.sum(SubsidyAllocation.amount), 0))
        .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
        .where(
            SubsidyAllocation.programme_id == target["programme_id"],
            SubsidyAllocation.allocated_on <= day,
            within(recipient.c, scope),
        )
    )
    disbursed = (
        select(func.coalesce(func.sum(SubsidyDisbursement.amount), 0))
        .join(SubsidyAllocation, SubsidyAllocation.id == SubsidyDisbursement.allocation_id)
        .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
        .where(
            SubsidyAllocation.programme_id == target["programme_id"],
            SubsidyDisbursement.disbursed_on <= day,
            within(recipient.c, scope),
        )
    )
    return _region_fields(scope) | {
        "role": "scope",
        "units": None,
        "achieved": float(connection.scalar(disbursed)),
        "allocated": float(connection.scalar(allocated)),
    }


def _region_fields(region: RegionRef) -> dict:
    return {
        "region_id": region.id,
        "region_code": region.code,
        "region_zh": region.name_zh,
        "region_en": region.name_en,
    }


def _ids_within(engine: Engine, region: RegionRef, ids: list[int]) -> set[int]:
    with engine.connect() as connection:
        return set(connection.scalars(select(Region.id).where(Region.id.in_(ids), within(Region, region))))
