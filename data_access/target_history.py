"""What has happened so far toward each target: the inputs of the forecast.

:func:`oversight.forecast.forecast_targets` asks of every row of
:func:`data_access.attainment.target_progress` whether the current pace will meet it.  It
needs the dated events that count toward the row (titles, pilot launches, payments), where
each unit still without the title stands on its path, and how long units have taken over
each stage so far.  Everything is read as it stood on ``as_of``: nothing recorded for a
later date is seen, so a forecast made for a past month can be reproduced.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Engine,
    Float,
    Integer,
    Row,
    Select,
    Table,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    select,
    union_all,
)

from data_access.access import reads
from data_access.attainment import (
    AS_OF,
    counties_of,
    holds_title,
    ids_of,
    scope_levels,
    scoped_targets,
    unindexed,
)
from data_access.database import Reader, reading
from data_access.models import (
    ProgrammeUnit,
    Region,
    Stage,
    StageEvent,
    SubsidyAllocation,
    SubsidyDisbursement,
    Target,
    Title,
)
from data_access.regions import RegionRef, in_scopes, is_inside
from oversight.target_history import TargetHistory
from oversight.vocabulary import TARGET_FAMILIES, TITLE_SHAPES

TARGET_COLUMNS = ["target_id", "programme_id", "scope_region_id", "programme_start"]
EVENT_COLUMNS = ["target_id", "region_id", "unit_id", "on", "amount"]
UNTITLED_COLUMNS = ["target_id", "region_id", "unit_id", "stage_seq", "entered_on"]
TRANSITION_COLUMNS = [
    "programme_id",
    "unit_id",
    "province_id",
    "city_id",
    "county_id",
    "from_seq",
    "to_seq",
    "entered_on",
    "left_on",
]
_EVENT_FOUND = ["target_id", "county_id", "unit_id", "on", "amount"]


@reads("region")
def target_history(engine: Engine, as_of: dt.date, region: RegionRef | None = None) -> TargetHistory:
    """The history of every target × region row that ``target_progress`` returns.

    ``region`` filters as there: targets whose scope lies in it or contains it, rows for
    regions inside it.  Stage durations are read over the whole programme whatever the
    filter, so narrowing the view never changes a row's forecast.  Each kind of history
    is one statement for all the targets, then copied to the rows it counts toward.
    """
    with reading(engine) as reader:
        targets = scoped_targets(reader, region)
        children = counties_of(reader, targets)
        forecast = [t for t in targets if t["shape"] in TITLE_SHAPES and t["due_date"] > as_of]
        events = _Rows.of(targets, children, region).fan_out(
            _events(reader, targets, as_of, region), EVENT_COLUMNS
        )
        untitled = _Rows.of(forecast, children, region, forecast=True).fan_out(
            _untitled(reader, forecast, as_of, region), UNTITLED_COLUMNS
        )
        transitions = _transitions(reader, sorted({t["programme_id"] for t in forecast}), as_of)
        stage_seqs = dict(reader.rows(select(Stage.code, Stage.seq)))
    return TargetHistory(
        targets=pd.DataFrame([{k: t[k] for k in TARGET_COLUMNS} for t in targets], columns=TARGET_COLUMNS),
        events=events.assign(
            unit_id=events["unit_id"].astype("Int64"), amount=events["amount"].astype(float)
        ),
        untitled=untitled,
        transitions=transitions,
        stage_seqs=stage_seqs,
    )


@dataclass(frozen=True)
class _Rows:
    """The rows of ``target_progress`` that the view keeps, where found history goes.

    ``scope``: target id → (rank, region id) of its scope row; ``county``: (target id,
    county id) → rank of its row for that county; a rank is the target's place in order.
    """

    scope: dict[int, tuple[int, int]]
    county: dict[tuple[int, int], int]

    @classmethod
    def of(
        cls,
        targets: list[dict],
        children: dict[int, list[RegionRef]],
        region: RegionRef | None,
        forecast: bool = False,
    ) -> _Rows:
        """The targets' rows inside ``region``; for a ``forecast``, without the scope row
        of a per-child target, which is judged from its children."""
        scope, county = {}, {}
        for rank, target in enumerate(targets):
            target_id, target_scope = target["target_id"], target["scope"]
            by_children = target["shape"] == "count_per_child" and target_scope.level != "county"
            if _kept(target_scope, region) and not (forecast and by_children):
                scope[target_id] = (rank, target_scope.id)
            for child in children.get(target_id, []):
                if _kept(child, region):
                    county[(target_id, child.id)] = rank
        return cls(scope, county)

    def fan_out(self, found: list[Row], columns: list[str]) -> pd.DataFrame:
        """Copy each found row (target_id, county_id, *values) to every row it counts
        toward, its target's scope row and its unit's county row, as (target_id,
        region_id, *values): by target, scope row first, found order kept."""
        copies = []
        for target_id, county_id, *values in found:
            if (scope := self.scope.get(target_id)) is not None:
                copies.append((scope[0], 0, target_id, scope[1], *values))
            if (rank := self.county.get((target_id, county_id))) is not None:
                copies.append((rank, 1, target_id, county_id, *values))
        if not copies:
            return pd.DataFrame(columns=columns)
        copies.sort(key=lambda copy: copy[:2])
        return pd.DataFrame([copy[2:] for copy in copies], columns=columns)


def _kept(row_region: RegionRef, region: RegionRef | None) -> bool:
    return region is None or is_inside(row_region, region)


def _events(reader: Reader, targets: list[dict], as_of: dt.date, region: RegionRef | None) -> list[Row]:
    """Events counting toward each target in its scope, dated up to as-of: (target_id,
    county_id, unit_id, on, amount), by date.  Only those in ``region``: its rows lie in it."""
    families = {
        family: [t for t in targets if t["shape"] in shapes] for family, shapes in TARGET_FAMILIES.items()
    }
    if not any(families.values()):
        return []
    query = _events_query(*(scope_levels(chosen) for chosen in families.values()), _level(region))
    parameters = {f"{family}_ids": ids_of(chosen) for family, chosen in families.items()}
    return reader.rows(query, parameters | _parameters(as_of, region))


@functools.cache
def _events_query(
    title_levels: frozenset[str],
    pilot_levels: frozenset[str],
    budget_levels: frozenset[str],
    region: str | None,
) -> Select:
    """The union of three kinds of event, for the families with targets (scope levels given).

    A title of the target's level named for a unit of the scope (a renewal is not a
    naming), a pilot unit's first 启动, or a payment against the programme's allocations
    to recipients in the scope (no unit).
    """
    unit = Region.__table__.alias("unit")
    one = cast(literal_column("1"), Float)
    parts = []
    if title_levels:
        parts.append(
            select(*_named(Target.id, unit.c.county_id, unit.c.id, Title.named_on, one))
            .join(unit, and_(unit.c.level == "unit", *_scoped(unit, title_levels, region)))
            .join(Title, and_(Title.unit_id == unit.c.id, unindexed(Title.level_id) == Target.level_id))
            .where(Target.id.in_(bindparam("titles_ids", expanding=True)))
            .where(Title.renews_id.is_(None), Title.named_on <= AS_OF)
        )
    if pilot_levels:
        parts.append(
            select(*_named(Target.id, unit.c.county_id, unit.c.id, func.min(StageEvent.entered_on), one))
            .join(
                ProgrammeUnit, and_(ProgrammeUnit.programme_id == Target.programme_id, ProgrammeUnit.is_pilot)
            )
            .join(unit, and_(unit.c.id == ProgrammeUnit.unit_id, *_scoped(unit, pilot_levels, region)))
            .join(
                StageEvent,
                and_(StageEvent.unit_id == unit.c.id, StageEvent.programme_id == Target.programme_id),
            )
            .where(Target.id.in_(bindparam("pilots_ids", expanding=True)))
            .where(StageEvent.stage_code == "launched", StageEvent.entered_on <= AS_OF)
            .group_by(Target.id, unit.c.id, unit.c.county_id)
        )
    if budget_levels:
        recipient = Region.__table__.alias("recipient")
        no_unit = cast(null(), Integer)
        paid = cast(SubsidyDisbursement.amount, Float)
        parts.append(
            select(*_named(Target.id, no_unit, no_unit, SubsidyDisbursement.disbursed_on, paid))
            .join(SubsidyAllocation, SubsidyAllocation.programme_id == Target.programme_id)
            .join(
                recipient,
                and_(
                    recipient.c.id == SubsidyAllocation.recipient_region_id,
                    *_scoped(recipient, budget_levels, region),
                ),
            )
            .join(SubsidyDisbursement, SubsidyDisbursement.allocation_id == SubsidyAllocation.id)
            .where(Target.id.in_(bindparam("budgets_ids", expanding=True)))
            .where(SubsidyDisbursement.disbursed_on <= AS_OF)
        )
    found = union_all(*parts).subquery("found")
    return select(found).order_by(found.c.on, found.c.unit_id, found.c.amount)


def _untitled(reader: Reader, targets: list[dict], as_of: dt.date, region: RegionRef | None) -> list[Row]:
    """Per title target, the units of its scope enrolled by as-of without its title then,
    and where they stand: (target_id, county_id, unit_id, stage_seq, entered_on), by unit.
    Only units in ``region``: the rows it keeps lie in it."""
    if not targets:
        return []
    query = _untitled_query(scope_levels(targets), _level(region))
    return reader.rows(query, {"target_ids": ids_of(targets)} | _parameters(as_of, region))


@functools.cache
def _untitled_query(levels: frozenset[str], region: str | None) -> Select:
    """Each unit's latest stage event in the programme up to as-of (none: 未启动 since enrolment)."""
    unit = Region.__table__.alias("unit")
    latest = (
        select(StageEvent.id)
        .where(
            StageEvent.unit_id == unit.c.id,
            StageEvent.programme_id == Target.programme_id,
            StageEvent.entered_on <= AS_OF,
        )
        .order_by(StageEvent.entered_on.desc(), StageEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    standing = (
        select(
            Target.id.label("target_id"),
            unit.c.id.label("unit_id"),
            unit.c.county_id,
            ProgrammeUnit.enrolled_on,
            latest.label("event_id"),
        )
        .join(ProgrammeUnit, ProgrammeUnit.programme_id == Target.programme_id)
        .join(
            unit,
            and_(unit.c.id == ProgrammeUnit.unit_id, unit.c.level == "unit", *_scoped(unit, levels, region)),
        )
        .where(
            Target.id.in_(bindparam("target_ids", expanding=True)),
            ProgrammeUnit.enrolled_on <= AS_OF,
            ~holds_title(unit.c.id, Target.level_id, AS_OF),
        )
        .subquery("standing")
    )
    return (
        select(
            standing.c.target_id,
            standing.c.county_id,
            standing.c.unit_id,
            func.coalesce(Stage.seq, 0).label("stage_seq"),
            func.coalesce(StageEvent.entered_on, standing.c.enrolled_on).label("entered_on"),
        )
        .outerjoin(StageEvent, StageEvent.id == standing.c.event_id)
        .outerjoin(Stage, Stage.code == StageEvent.stage_code)
        .order_by(standing.c.unit_id)
    )


def _transitions(reader: Reader, programme_ids: list[int], as_of: dt.date) -> pd.DataFrame:
    """Every move of a unit to its next stage event in its programme, both dated up to as-of."""
    if not programme_ids:
        return pd.DataFrame(columns=TRANSITION_COLUMNS)
    found = reader.rows(_TRANSITIONS, {"programme_ids": programme_ids, "as_of": as_of})
    return pd.DataFrame([tuple(row) for row in found], columns=TRANSITION_COLUMNS)


def _transitions_query() -> Select:
    """The events of the programmes up to as-of are read once, in order per unit, and each
    is paired with the one after it (``LEAD``); enrolment is the entry into stage 0, left
    at the unit's first event."""
    per_unit = {
        "partition_by": [StageEvent.programme_id, StageEvent.unit_id],
        "order_by": [StageEvent.entered_on, StageEvent.id],
    }
    path = (
        select(
            StageEvent.programme_id,
            StageEvent.unit_id,
            Stage.seq,
            StageEvent.entered_on,
            func.lead(Stage.seq, type_=Stage.seq.type).over(**per_unit).label("next_seq"),
            func.lead(StageEvent.entered_on, type_=StageEvent.entered_on.type)
            .over(**per_unit)
            .label("next_on"),
            func.row_number().over(**per_unit).label("position"),
        )
        .join(Stage, Stage.code == StageEvent.stage_code)
        .where(
            StageEvent.programme_id.in_(bindparam("programme_ids", expanding=True)),
            StageEvent.entered_on <= AS_OF,
        )
        .cte("path")
    )
    moves = union_all(
        select(
            path.c.programme_id,
            path.c.unit_id,
            path.c.seq.label("from_seq"),
            path.c.next_seq.label("to_seq"),
            path.c.entered_on,
            path.c.next_on.label("left_on"),
        ).where(path.c.next_seq.is_not(None)),
        select(
            path.c.programme_id,
            path.c.unit_id,
            literal_column("0"),
            path.c.seq,
            ProgrammeUnit.enrolled_on,
            path.c.entered_on,
        )
        .join(
            ProgrammeUnit,
            and_(ProgrammeUnit.programme_id == path.c.programme_id, ProgrammeUnit.unit_id == path.c.unit_id),
        )
        .where(path.c.position == 1),
    ).subquery("moves")
    return (
        select(
            moves.c.programme_id,
            moves.c.unit_id,
            Region.province_id,
            Region.city_id,
            Region.county_id,
            moves.c.from_seq,
            moves.c.to_seq,
            moves.c.entered_on,
            moves.c.left_on,
        )
        .join(Region, Region.id == moves.c.unit_id)
        .order_by(moves.c.programme_id, moves.c.unit_id, moves.c.entered_on, moves.c.from_seq)
    )


_TRANSITIONS = _transitions_query()


def _scoped(member: Table, levels: frozenset[str], region: str | None) -> list[ColumnElement[bool]]:
    """Join conditions: ``member`` lies in the target's scope (at one of ``levels``), and in
    the view's region (at level ``region``, parameter ``region_id``) if there is one."""
    in_scope = in_scopes(member, Target.scope_region_id, levels)
    if region is None:
        return [in_scope]
    return [in_scope, in_scopes(member, bindparam("region_id"), {region})]


def _parameters(as_of: dt.date, region: RegionRef | None) -> dict:
    return {"as_of": as_of} | ({} if region is None else {"region_id": region.id})


def _level(region: RegionRef | None) -> str | None:
    return None if region is None else region.level


def _named(*columns) -> list:
    """The columns of one kind of event, labelled as :data:`_EVENT_FOUND`."""
    return [column.label(name) for column, name in zip(columns, _EVENT_FOUND, strict=True)]
