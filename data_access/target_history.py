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
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, literal_column, or_, select, union_all

from data_access.attainment import title_holders
from data_access.models import (
    Programme,
    ProgrammeUnit,
    Region,
    Stage,
    StageEvent,
    SubsidyAllocation,
    SubsidyDisbursement,
    Target,
    Title,
)
from data_access.regions import RegionRef, counties_within, region_by_id, within
from oversight.forecast import TITLE_SHAPES

PER_CHILD_SHAPES = ("share", "count_per_child", "pilots")
"""Shapes whose scope, unless it is a county, has one row per county-level unit too."""

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


@dataclass(frozen=True)
class TargetHistory:
    """The history behind the rows of ``target_progress`` on one as-of date.

    Attributes
    ----------
    targets
        One row per target: target_id, programme_id, scope_region_id, programme_start.
    events
        One row per target × region × event counting toward that row, dated up to as-of:
        target_id, region_id, unit_id, on, amount.  A title of the target's level named
        for a unit of the region (renewals, 再命名, are not new namings), a pilot unit's
        first launch, or a payment against the programme's allocations to the region.
        ``amount`` is 1 for a title or a launch and yuan for a payment (unit_id empty).
    untitled
        One row per title target not yet due × region × unit enrolled by as-of without
        the title on as-of: target_id, region_id, unit_id, stage_seq (0 for 未启动), entered_on
        (when it entered that stage; the enrolment date for 未启动).  A per-child target
        has none on its scope row, which is judged from its children.
    transitions
        One row per stage move observed in the programmes of those targets up to as-of,
        enrolment counting as entering stage 0: programme_id, unit_id and its
        province_id, city_id, county_id (to tell which scope it lies in), from_seq,
        to_seq, entered_on (the stage left), left_on.
    stage_seqs
        Stage code → seq, from the catalogue (命名 is ``stage_seqs["named"]``).
    """

    targets: pd.DataFrame
    events: pd.DataFrame
    untitled: pd.DataFrame
    transitions: pd.DataFrame
    stage_seqs: dict[str, int]


def target_history(engine: Engine, as_of: dt.date, region: RegionRef | None = None) -> TargetHistory:
    """The history of every target × region row that ``target_progress`` returns.

    ``region`` filters as there: targets whose scope lies in it or contains it, rows for
    regions inside it.  Stage durations are read over the whole programme whatever the
    filter, so narrowing the view never changes a row's forecast.
    """
    events: list[pd.DataFrame] = []
    untitled: list[pd.DataFrame] = []
    programmes: set[int] = set()
    with engine.connect() as connection:
        targets = connection.execute(_targets_query(region)).mappings().all()
        for target in targets:
            scope = region_by_id(engine, target["scope_region_id"])
            rows = list(_rows(connection, target, scope, region))
            events.append(_fan_out(_events(connection, target, scope, as_of), target, rows))
            if target["shape"] in TITLE_SHAPES and target["due_date"] > as_of:
                programmes.add(target["programme_id"])
                forecast_rows = [(r, role) for r, role in rows if not _judged_by_children(target, r, role)]
                untitled.append(_fan_out(_untitled(connection, target, scope, as_of), target, forecast_rows))
        transitions = [_transitions(connection, programme_id, as_of) for programme_id in sorted(programmes)]
        stage_seqs = dict(connection.execute(select(Stage.code, Stage.seq)).all())
    return TargetHistory(
        targets=pd.DataFrame([{k: t[k] for k in TARGET_COLUMNS} for t in targets], columns=TARGET_COLUMNS),
        events=_concat(events, EVENT_COLUMNS).astype({"unit_id": "Int64", "amount": float}),
        untitled=_concat(untitled, UNTITLED_COLUMNS),
        transitions=_concat(transitions, TRANSITION_COLUMNS),
        stage_seqs=stage_seqs,
    )


def _targets_query(region: RegionRef | None):
    query = (
        select(
            Target.id.label("target_id"),
            Target.programme_id,
            Target.shape,
            Target.level_id,
            Target.scope_region_id,
            Target.due_date,
            Programme.start_date.label("programme_start"),
        )
        .join(Programme, Programme.id == Target.programme_id)
        .join(Region, Region.id == Target.scope_region_id)
        .order_by(Programme.code, Target.code)
    )
    if region is not None:
        query = query.where(or_(within(Region, region), Region.id.in_(region.ancestor_ids or {-1})))
    return query


def _rows(
    connection: Connection, target, scope: RegionRef, region: RegionRef | None
) -> Iterator[tuple[RegionRef, str]]:
    """The regions of the target's rows, as ``target_progress`` lays them out and filters them."""
    candidates = [(scope, "scope")]
    if target["shape"] in PER_CHILD_SHAPES and scope.level != "county":
        candidates += [(child, "child") for child in counties_within(connection, scope)]
    for row_region, role in candidates:
        if region is None or row_region.id == region.id or region.id in row_region.ancestor_ids:
            yield row_region, role


def _judged_by_children(target, row_region: RegionRef, role: str) -> bool:
    return target["shape"] == "count_per_child" and role == "scope" and row_region.level != "county"


def _fan_out(found: pd.DataFrame, target, rows: list[tuple[RegionRef, str]]) -> pd.DataFrame:
    """Copy each found row to every row region it lies in: the scope, and its unit's county."""
    children = [r.id for r, role in rows if role == "child"]
    parts = [found.assign(region_id=r.id) for r, role in rows if role == "scope"]
    parts.append(found[found["county_id"].isin(children)].assign(region_id=lambda part: part["county_id"]))
    return pd.concat(parts, ignore_index=True).drop(columns="county_id").assign(target_id=target["target_id"])


def _events(connection: Connection, target, scope: RegionRef, as_of: dt.date) -> pd.DataFrame:
    """Events counting toward the target in its scope: unit_id, county_id, on, amount."""
    if target["shape"] == "budget":
        return _payments(connection, target, scope, as_of)
    query = _launches(target, scope, as_of) if target["shape"] == "pilots" else _namings(target, scope, as_of)
    found = pd.DataFrame(connection.execute(query).mappings().all())
    return found.reindex(columns=["unit_id", "county_id", "on"]).assign(amount=1.0)


def _namings(target, scope: RegionRef, as_of: dt.date):
    """Titles of the target's level named for units of the scope; a renewal is not a naming."""
    unit = Region.__table__.alias("unit")
    return (
        select(unit.c.id.label("unit_id"), unit.c.county_id, Title.named_on.label("on"))
        .join(Title, Title.unit_id == unit.c.id)
        .where(
            Title.level_id == target["level_id"],
            Title.renews_id.is_(None),
            Title.named_on <= as_of,
            unit.c.level == "unit",
            within(unit.c, scope),
        )
    )


def _launches(target, scope: RegionRef, as_of: dt.date):
    """The first 启动 of each pilot unit of the scope."""
    unit = Region.__table__.alias("unit")
    return (
        select(unit.c.id.label("unit_id"), unit.c.county_id, func.min(StageEvent.entered_on).label("on"))
        .join(ProgrammeUnit, and_(ProgrammeUnit.unit_id == unit.c.id, ProgrammeUnit.is_pilot))
        .join(StageEvent, StageEvent.unit_id == unit.c.id)
        .where(
            ProgrammeUnit.programme_id == target["programme_id"],
            StageEvent.programme_id == target["programme_id"],
            StageEvent.stage_code == "launched",
            StageEvent.entered_on <= as_of,
            within(unit.c, scope),
        )
        .group_by(unit.c.id, unit.c.county_id)
    )


def _payments(connection: Connection, target, scope: RegionRef, as_of: dt.date) -> pd.DataFrame:
    """Payments against the programme's allocations to recipients in the scope."""
    recipient = Region.__table__.alias("recipient")
    query = (
        select(SubsidyDisbursement.disbursed_on.label("on"), SubsidyDisbursement.amount)
        .join(SubsidyAllocation, SubsidyAllocation.id == SubsidyDisbursement.allocation_id)
        .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
        .where(
            SubsidyAllocation.programme_id == target["programme_id"],
            SubsidyDisbursement.disbursed_on <= as_of,
            within(recipient.c, scope),
        )
    )
    found = pd.DataFrame(connection.execute(query).mappings().all())
    return found.reindex(columns=["unit_id", "county_id", "on", "amount"]).astype({"amount": float})


def _untitled(connection: Connection, target, scope: RegionRef, as_of: dt.date) -> pd.DataFrame:
    """Units of the scope enrolled by as-of without the target's title then, and where they stand."""
    unit = Region.__table__.alias("unit")
    latest = (
        select(StageEvent.id)
        .where(
            StageEvent.unit_id == unit.c.id,
            StageEvent.programme_id == target["programme_id"],
            StageEvent.entered_on <= as_of,
        )
        .order_by(StageEvent.entered_on.desc(), StageEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    standing = (
        select(
            unit.c.id.label("unit_id"), unit.c.county_id, ProgrammeUnit.enrolled_on, latest.label("event_id")
        )
        .join(ProgrammeUnit, ProgrammeUnit.unit_id == unit.c.id)
        .where(
            ProgrammeUnit.programme_id == target["programme_id"],
            ProgrammeUnit.enrolled_on <= as_of,
            unit.c.level == "unit",
            within(unit.c, scope),
            unit.c.id.not_in(title_holders(target["level_id"], as_of)),
        )
        .subquery("standing")
    )
    query = (
        select(
            standing.c.unit_id,
            standing.c.county_id,
            func.coalesce(Stage.seq, 0).label("stage_seq"),
            func.coalesce(StageEvent.entered_on, standing.c.enrolled_on).label("entered_on"),
        )
        .outerjoin(StageEvent, StageEvent.id == standing.c.event_id)
        .outerjoin(Stage, Stage.code == StageEvent.stage_code)
        .order_by(standing.c.unit_id)
    )
    return pd.DataFrame(
        connection.execute(query).mappings().all(),
        columns=["unit_id", "county_id", "stage_seq", "entered_on"],
    )


def _transitions(connection: Connection, programme_id: int, as_of: dt.date) -> pd.DataFrame:
    """Every move of a unit to its next stage event in the programme, both dated up to as-of.

    The next event is found by a correlated ``ORDER BY … LIMIT 1`` over the (unit,
    entered_on) index; enrolment is the entry into stage 0, left at the first event.
    """
    this = StageEvent.__table__.alias("this")
    following = StageEvent.__table__.alias("following")
    left_stage = Stage.__table__.alias("left_stage")
    next_event = (
        select(following.c.id)
        .where(
            following.c.unit_id == this.c.unit_id,
            following.c.programme_id == programme_id,
            following.c.entered_on <= as_of,
            or_(
                following.c.entered_on > this.c.entered_on,
                and_(following.c.entered_on == this.c.entered_on, following.c.id > this.c.id),
            ),
        )
        .order_by(following.c.entered_on, following.c.id)
        .limit(1)
        .scalar_subquery()
    )
    first_event = (
        select(StageEvent.id)
        .where(
            StageEvent.unit_id == ProgrammeUnit.unit_id,
            StageEvent.programme_id == programme_id,
            StageEvent.entered_on <= as_of,
        )
        .order_by(StageEvent.entered_on, StageEvent.id)
        .limit(1)
        .scalar_subquery()
    )
    moves = union_all(
        select(
            this.c.unit_id,
            left_stage.c.seq.label("from_seq"),
            this.c.entered_on,
            next_event.label("next_id"),
        )
        .join(left_stage, left_stage.c.code == this.c.stage_code)
        .where(this.c.programme_id == programme_id, this.c.entered_on <= as_of),
        select(
            ProgrammeUnit.unit_id,
            literal_column("0").label("from_seq"),
            ProgrammeUnit.enrolled_on.label("entered_on"),
            first_event.label("next_id"),
        ).where(ProgrammeUnit.programme_id == programme_id),
    ).subquery("moves")
    query = (
        select(
            moves.c.unit_id,
            Region.province_id,
            Region.city_id,
            Region.county_id,
            moves.c.from_seq,
            Stage.seq.label("to_seq"),
            moves.c.entered_on,
            StageEvent.entered_on.label("left_on"),
        )
        .join(StageEvent, StageEvent.id == moves.c.next_id)
        .join(Stage, Stage.code == StageEvent.stage_code)
        .join(Region, Region.id == moves.c.unit_id)
    )
    frame = pd.DataFrame(connection.execute(query).mappings().all(), columns=TRANSITION_COLUMNS[1:])
    return frame.assign(programme_id=programme_id)[TRANSITION_COLUMNS]


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
