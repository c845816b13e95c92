"""The counts behind target attainment: titles held, pilots launched, money disbursed.

Every count is taken on the day the target is judged: the as-of date, or the due date if
that came first, because a target is met or missed on its due date and later titles do
not change that verdict.  :func:`oversight.attainment.assess_targets` turns these counts
into required, met and gap.

The targets of a view are counted together, in one statement with a grouped part per
family of shapes (titles held, pilots launched, money paid), each target on its own
judged day: a province has dozens of targets, and statements per target and county added
up to most of the overview's time.  Statements are built once per combination of scope
levels and reused with parameters; :mod:`data_access.target_history` shares the helpers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Engine,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from data_access.access import reads
from data_access.database import Reader, reading
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
from data_access.regions import RegionRef, in_scopes, is_inside, within
from oversight.vocabulary import PER_COUNTY_ROWS, TARGET_FAMILIES

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

AS_OF = bindparam("as_of", type_=Date)
"""The view's as-of date, a parameter of the statements built once."""

_JUDGED_DAY = case((Target.due_date < AS_OF, Target.due_date), else_=AS_OF)
"""Each target's judged day in SQL: as-of, or its due date once that has passed."""

_REGION_FIELDS = [field.name for field in dataclasses.fields(RegionRef)]
_SCOPE = Region.__table__.alias("scope")
_TARGETS = (
    select(
        Target.id.label("target_id"),
        Programme.code.label("programme_code"),
        Programme.id.label("programme_id"),
        Programme.start_date.label("programme_start"),
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
        *(_SCOPE.c[name].label(f"scope_{name}") for name in _REGION_FIELDS),
    )
    .join(Programme, Programme.id == Target.programme_id)
    .join(_SCOPE, _SCOPE.c.id == Target.scope_region_id)
    .outerjoin(TitleLevel, TitleLevel.id == Target.level_id)
    .order_by(Programme.code, Target.code)
)


@reads("region")
def target_progress(engine: Engine, as_of: dt.date, region: RegionRef | None = None) -> pd.DataFrame:
    """One row per target and region: the scope itself, and for share, per-child and
    pilots targets each county-level unit of the scope.

    ``region`` narrows to targets whose scope lies in it or contains it, and to rows for
    regions inside it.  Columns: :data:`COLUMNS`; ``units`` is the number of units the
    share is taken over, ``allocated`` is set for budget targets.
    """
    with reading(engine) as reader:
        targets = scoped_targets(reader, region)
        children = counties_of(reader, targets)
        counts = _counts(reader, targets, as_of, region)
    rows: list[dict] = []
    row_regions: list[RegionRef] = []
    for target in targets:
        judged_on = min(as_of, target["due_date"])
        common = {k: target[k] for k in COLUMNS if k in target} | {"judged_on": judged_on}
        by_county = counts.get(target["target_id"], {})
        if target["shape"] == "budget":
            _, disbursed, allocated = by_county[None]
            found = [(target["scope"], "scope", None, disbursed, float(allocated))]
        else:
            found = [
                (child, "child", *by_county.get(child.id, (0, 0, None)))
                for child in children.get(target["target_id"], [])
            ]
            units = sum(units for units, _, _ in by_county.values())
            achieved = sum(achieved for _, achieved, _ in by_county.values())
            found.append((target["scope"], "scope", units, achieved, None))
        for row_region, role, units, achieved, allocated in found:
            rows.append(common | _row(row_region, role, units, achieved, allocated))
            row_regions.append(row_region)
    # The frame is made before the region filter: the columns' dtypes depend on every row.
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if region is not None and not frame.empty:
        frame = frame[[is_inside(row_region, region) for row_region in row_regions]]
    return frame.reset_index(drop=True)


def scoped_targets(reader: Reader, region: RegionRef | None) -> list[dict]:
    """Every target whose scope lies in ``region`` or contains it (all without a region),
    by programme and target code, with its scope region as a :class:`RegionRef` under ``scope``.
    """
    query = _TARGETS
    if region is not None:
        query = query.where(or_(within(_SCOPE.c, region), _SCOPE.c.id.in_(region.ancestor_ids or {-1})))
    targets = []
    for found in reader.rows(query):
        row = found._mapping
        target = {k: v for k, v in row.items() if not k.startswith("scope_") or k == "scope_region_id"}
        target["scope"] = RegionRef(*(row[f"scope_{name}"] for name in _REGION_FIELDS))
        targets.append(target)
    return targets


def counties_of(reader: Reader, targets: list[dict]) -> dict[int, list[RegionRef]]:
    """Target id → the county-level units with a row of their own, in code order.

    Those of a per-child shape's scope, unless the scope is itself a county (or a unit);
    other targets have none and no entry.  One statement for every scope.
    """
    with_children = [t for t in targets if t["shape"] in PER_COUNTY_ROWS and t["scope"].level != "county"]
    levels = scope_levels(with_children) & {"province", "city"}
    if not levels:
        return {}
    scopes = {level: [t["scope"].id for t in with_children if t["scope"].level == level] for level in levels}
    counties = [RegionRef(*row) for row in reader.rows(_counties_query(levels), scopes)]
    return {t["target_id"]: [c for c in counties if t["scope"].id in c.ancestor_ids] for t in with_children}


def holds_title(unit_id, level_id, day) -> ColumnElement[bool]:
    """SQL test that a unit holds a valid, unrevoked title of a level on a day, looked up
    through the unit's few titles (see :class:`unindexed`)."""
    return exists().where(
        Title.unit_id == unit_id,
        unindexed(Title.level_id) == level_id,
        Title.named_on <= day,
        or_(Title.valid_until.is_(None), Title.valid_until >= day),
        or_(Title.revoked_on.is_(None), Title.revoked_on > day),
    )


class unindexed(FunctionElement):
    """A column SQLite must not look rows up by (``+column``); the column itself elsewhere.

    SQLite keeps no statistics here, so given a unit and a title level it walks every
    title of the level through the (level_id, named_on) index rather than the unit's few
    titles: 0.5 s instead of 1 ms for a city.  PostgreSQL plans from its statistics.
    """

    inherit_cache = True

    def __init__(self, column: ColumnElement) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed(element: unindexed, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler, **kw) -> str:
    return "+" + compiler.process(element.clauses, **kw)


def scope_levels(targets: list[dict]) -> frozenset[str]:
    """The levels of the targets' scopes: what a statement over their regions is built for."""
    return frozenset(t["scope"].level for t in targets)


def ids_of(targets: list[dict]) -> list[int]:
    return [t["target_id"] for t in targets]


@functools.cache
def _counties_query(levels: frozenset[str]) -> Select:
    """The county-level units under the provinces and cities given as parameters by level."""
    county = Region.__table__.alias("county")
    under = [county.c[f"{level}_id"].in_(bindparam(level, expanding=True)) for level in sorted(levels)]
    return (
        select(*(county.c[name] for name in _REGION_FIELDS))
        .where(county.c.level == "county", or_(*under))
        .order_by(county.c.code)
    )


def _counts(
    reader: Reader, targets: list[dict], as_of: dt.date, region: RegionRef | None
) -> dict[int, dict[int | None, tuple[int | None, float, float | None]]]:
    """Target id → county id → (units counted over, achieved, allocated) on the judged day.

    A title target counts every unit of its scope, and those holding a title of its
    level; a pilots target its programme's pilot units, and those launched; a budget
    target (county None) the yuan paid and allocated to recipients in its scope.  Only
    units inside ``region`` are counted: a row for a region inside it needs no others,
    and the rows of regions around it (a city-wide target seen from a county) are
    dropped by :func:`target_progress`, so a district's view reads its own units only.
    """
    families = {
        family: [t for t in targets if t["shape"] in shapes] for family, shapes in TARGET_FAMILIES.items()
    }
    if not any(families.values()):
        return {}
    view_level = None if region is None else region.level
    query = _counts_query(*(scope_levels(chosen) for chosen in families.values()), view_level)
    parameters = {f"{family}_ids": ids_of(chosen) for family, chosen in families.items()}
    if region is not None:
        parameters["view_id"] = region.id
    counts: dict[int, dict[int | None, tuple[int | None, float, float | None]]] = {}
    for target_id, county_id, units, achieved, allocated in reader.rows(query, parameters | {"as_of": as_of}):
        counts.setdefault(target_id, {})[county_id] = (units, achieved, allocated)
    return counts


@functools.cache
def _counts_query(
    title_levels: frozenset[str],
    pilot_levels: frozenset[str],
    budget_levels: frozenset[str],
    view_level: str | None,
) -> CompoundSelect:
    """One grouped statement per family with targets (scope levels given), in one union;
    units only inside the region ``view_id`` of ``view_level`` when one is given."""
    unit = Region.__table__.alias("unit")
    in_view = true() if view_level is None else in_scopes(unit, bindparam("view_id"), [view_level])
    no_money = cast(null(), SubsidyAllocation.amount.type)
    parts = []
    if title_levels:
        holds = holds_title(unit.c.id, Target.level_id, _JUDGED_DAY)
        parts.append(
            select(Target.id, unit.c.county_id, func.count(), func.count(case((holds, 1))), no_money)
            .join(
                unit,
                and_(unit.c.level == "unit", in_scopes(unit, Target.scope_region_id, title_levels), in_view),
            )
            .where(Target.id.in_(bindparam("titles_ids", expanding=True)))
            .group_by(Target.id, unit.c.county_id)
        )
    if pilot_levels:
        launched = exists().where(
            StageEvent.unit_id == unit.c.id,
            StageEvent.programme_id == Target.programme_id,
            StageEvent.stage_code == "launched",
            StageEvent.entered_on <= _JUDGED_DAY,
        )
        parts.append(
            select(Target.id, unit.c.county_id, func.count(), func.count(case((launched, 1))), no_money)
            .join(
                ProgrammeUnit, and_(ProgrammeUnit.programme_id == Target.programme_id, ProgrammeUnit.is_pilot)
            )
            .join(
                unit,
                and_(
                    unit.c.id == ProgrammeUnit.unit_id,
                    unit.c.level == "unit",
                    in_scopes(unit, Target.scope_region_id, pilot_levels),
                    in_view,
                ),
            )
            .where(Target.id.in_(bindparam("pilots_ids", expanding=True)))
            .group_by(Target.id, unit.c.county_id)
        )
    if budget_levels:
        recipient = Region.__table__.alias("recipient")
        to_scope = and_(
            SubsidyAllocation.programme_id == Target.programme_id,
            in_scopes(recipient, Target.scope_region_id, budget_levels),
        )
        disbursed = (
            select(func.coalesce(func.sum(SubsidyDisbursement.amount), 0))
            .join(SubsidyAllocation, SubsidyAllocation.id == SubsidyDisbursement.allocation_id)
            .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
            .where(to_scope, SubsidyDisbursement.disbursed_on <= _JUDGED_DAY)
            .scalar_subquery()
        )
        allocated = (
            select(func.coalesce(func.sum(SubsidyAllocation.amount), 0))
            .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
            .where(to_scope, SubsidyAllocation.allocated_on <= _JUDGED_DAY)
            .scalar_subquery()
        )
        no_count = cast(null(), Integer)
        parts.append(
            select(Target.id, no_count, no_count, disbursed, allocated).where(
                Target.id.in_(bindparam("budgets_ids", expanding=True))
            )
        )
    return union_all(*parts)


def _row(region: RegionRef, role: str, units: int | None, achieved: float, allocated: float | None) -> dict:
    return {
        "region_id": region.id,
        "region_code": region.code,
        "region_zh": region.name_zh,
        "region_en": region.name_en,
        "role": role,
        "units": units,
        "achieved": float(achieved),
        "allocated": allocated,
    }
