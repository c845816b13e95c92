"""The counts behind target attainment: titles held, pilots launched, money disbursed.

Every count is taken on the day the target is judged: the as-of date, or the due date if
that came first, because a target is met or missed on its due date and later titles do
not change that verdict.  :func:`oversight.attainment.assess_targets` turns these counts
into required, met and gap.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, case, exists, func, literal, or_, select

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
from data_access.regions import RegionRef, counties_within, region_by_id, within

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


def held_title(unit_id, level_id, day: dt.date):
    """SQL test that a unit holds a valid, unrevoked title of a level on a day."""
    return exists().where(
        Title.unit_id == unit_id,
        Title.level_id == level_id,
        Title.named_on <= day,
        or_(Title.valid_until.is_(None), Title.valid_until >= day),
        or_(Title.revoked_on.is_(None), Title.revoked_on > day),
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
            scope = region_by_id(engine, target["scope_region_id"])
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
    per_child = shape in ("share", "count_per_child", "pilots") and scope.level != "county"
    rows = []
    if per_child:
        for child in counties_within(connection, scope):
            rows.append(_unit_counts(connection, target, child, day) | {"role": "child"})
    rows.append(_unit_counts(connection, target, scope, day) | {"role": "scope"})
    return rows


def _unit_counts(connection: Connection, target, region: RegionRef, day: dt.date) -> dict:
    """Units in the region, and those that count toward the target on ``day``."""
    unit = Region.__table__.alias("unit")
    if target["shape"] == "pilots":
        launched = exists().where(
            StageEvent.unit_id == unit.c.id,
            StageEvent.programme_id == target["programme_id"],
            StageEvent.stage_code == "launched",
            StageEvent.entered_on <= day,
        )
        query = (
            select(func.count(), func.coalesce(func.sum(_flag(launched)), 0))
            .select_from(unit)
            .join(ProgrammeUnit, and_(ProgrammeUnit.unit_id == unit.c.id, ProgrammeUnit.is_pilot))
            .where(ProgrammeUnit.programme_id == target["programme_id"], within(unit.c, region))
        )
    else:
        query = select(
            func.count(), func.coalesce(func.sum(_flag(held_title(unit.c.id, target["level_id"], day))), 0)
        ).where(unit.c.level == "unit", within(unit.c, region))
    units, achieved = connection.execute(query).one()
    return _region_fields(region) | {"units": units, "achieved": float(achieved), "allocated": None}


def _flag(condition):
    return case((condition, literal(1)), else_=literal(0))


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
