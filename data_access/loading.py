"""Loading regions, programmes and their history from plain specs keyed by codes.

The sample programmes and the synthetic province are written through here; so will a
programme imported from a spreadsheet.  Specs name things by code (region codes, level
codes, stage codes), never by database id, and a whole spec is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Connection, Engine, insert, select

from data_access.models import (
    Programme,
    ProgrammeStage,
    ProgrammeUnit,
    Region,
    StageEvent,
    StageReview,
    SubsidyAllocation,
    SubsidyDisbursement,
    Target,
    Title,
    TitleRevocation,
)
from data_access.reference import codes
from data_access.submissions import bump_data_version
from oversight.stage_path import REVIEW_DECISIONS, REVIEW_NAMES, REVIEW_STAGES


class LoadError(ValueError):
    """A spec that names something unknown; the message says what, in Chinese."""


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name_zh: str
    level: str
    kind: str
    parent_code: str | None = None
    name_en: str | None = None
    is_sample: bool = False


@dataclass(frozen=True)
class StageSpec:
    name_zh: str
    name_en: str
    planned_start: dt.date
    planned_end: dt.date


@dataclass(frozen=True)
class TargetSpec:
    code: str
    shape: str
    scope_code: str
    threshold: Decimal
    due_date: dt.date
    description_zh: str
    description_en: str
    level_code: str | None = None


@dataclass(frozen=True)
class EnrolmentSpec:
    unit_code: str
    enrolled_on: dt.date
    is_pilot: bool = False


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    name_zh: str
    name_en: str
    region_code: str
    level_code: str
    scheme: tuple[str, int]
    start_date: dt.date
    end_date: dt.date
    report_deadline_day: int
    source: str
    stages: list[StageSpec] = field(default_factory=list)
    units: list[EnrolmentSpec] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    is_sample: bool = False
    source_en: str = ""


@dataclass(frozen=True)
class StageEventSpec:
    unit_code: str
    programme_code: str
    stage_code: str
    entered_on: dt.date
    recorded_by: str
    note: str = ""


@dataclass(frozen=True)
class StageReviewSpec:
    """初审 (``level`` "county") or 审核 ("city") of a unit's application, as the application
    form has it.  Written as :mod:`data_access.stage_records` writes a review: the office is
    the unit's county for 初审 and its city for 审核, and an agreeing review brings its move
    to 县级初审 or 市级审核 on the day, recorded by the same office (so a spec's stage events
    leave those two steps to the reviews)."""

    unit_code: str
    programme_code: str
    level: str
    decision: str
    opinion: str
    reviewed_on: dt.date
    recorded_by: str


@dataclass(frozen=True)
class TitleSpec:
    unit_code: str
    level_code: str
    named_on: dt.date
    certificate_no: str
    valid_until: dt.date | None = None
    programme_code: str | None = None
    revoked_on: dt.date | None = None
    revocation_reason: str | None = None
    renews_certificate_no: str | None = None


@dataclass(frozen=True)
class AllocationSpec:
    programme_code: str
    source_code: str
    recipient_code: str
    amount: Decimal
    allocated_on: dt.date
    note: str = ""
    disbursements: list[tuple[dt.date, Decimal]] = field(default_factory=list)


@dataclass
class ProgrammeData:
    """Everything one loader writes in one transaction."""

    regions: list[RegionSpec] = field(default_factory=list)
    programmes: list[ProgrammeSpec] = field(default_factory=list)
    stage_events: list[StageEventSpec] = field(default_factory=list)
    titles: list[TitleSpec] = field(default_factory=list)
    allocations: list[AllocationSpec] = field(default_factory=list)
    stage_reviews: list[StageReviewSpec] = field(default_factory=list)


def load_programme_data(engine: Engine, data: ProgrammeData) -> None:
    """Write a whole spec, or nothing if any part of it is wrong."""
    with engine.begin() as connection:
        write_programme_data(connection, data)


def write_programme_data(connection: Connection, data: ProgrammeData) -> None:
    """:func:`load_programme_data` inside the caller's transaction."""
    known = codes(connection)
    regions = _write_regions(connection, data.regions)

    def region(code: str) -> int:
        if code not in regions:
            found = connection.scalar(select(Region.id).where(Region.code == code))
            if found is None:
                raise LoadError(f"未知的地区编码 {code}")
            regions[code] = found
        return regions[code]

    def level(code: str) -> int:
        if code not in known.levels:
            raise LoadError(f"未知的命名级别 {code}（可用：{', '.join(known.levels)}）")
        return known.levels[code]

    programmes: dict[str, int] = {}
    for spec in data.programmes:
        if spec.scheme not in known.schemes:
            raise LoadError(f"方案 {spec.code}：未知的评分方案 {spec.scheme[0]} 第 {spec.scheme[1]} 版")
        programme_id = connection.execute(
            insert(Programme).returning(Programme.id),
            {
                "code": spec.code,
                "name_zh": spec.name_zh,
                "name_en": spec.name_en,
                "region_id": region(spec.region_code),
                "level_id": level(spec.level_code),
                "scheme_id": known.schemes[spec.scheme],
                "start_date": spec.start_date,
                "end_date": spec.end_date,
                "report_deadline_day": spec.report_deadline_day,
                "source": spec.source,
                "source_en": spec.source_en,
                "is_sample": spec.is_sample,
            },
        ).scalar_one()
        programmes[spec.code] = programme_id
        _insert(
            connection,
            ProgrammeStage,
            [
                {"programme_id": programme_id, "seq": seq, **vars(stage)}
                for seq, stage in enumerate(spec.stages, start=1)
            ],
        )
        _insert(
            connection,
            ProgrammeUnit,
            [
                {
                    "programme_id": programme_id,
                    "unit_id": region(u.unit_code),
                    "is_pilot": u.is_pilot,
                    "enrolled_on": u.enrolled_on,
                }
                for u in spec.units
            ],
        )
        _insert(
            connection,
            Target,
            [
                {
                    "programme_id": programme_id,
                    "code": t.code,
                    "shape": t.shape,
                    "scope_region_id": region(t.scope_code),
                    "level_id": level(t.level_code) if t.level_code else None,
                    "threshold": t.threshold,
                    "due_date": t.due_date,
                    "description_zh": t.description_zh,
                    "description_en": t.description_en,
                }
                for t in spec.targets
            ],
        )

    def programme(code: str) -> int:
        if code not in programmes:
            found = connection.scalar(select(Programme.id).where(Programme.code == code))
            if found is None:
                raise LoadError(f"未知的创建方案编码 {code}")
            programmes[code] = found
        return programmes[code]

    for event in data.stage_events:
        if event.stage_code not in known.stages:
            raise LoadError(f"{event.unit_code}：未知的创建阶段 {event.stage_code}")
    for review in data.stage_reviews:
        if review.level not in REVIEW_STAGES or review.decision not in REVIEW_DECISIONS:
            raise LoadError(f"{review.unit_code} {review.reviewed_on}：审核级别或结论有误")
    moves = [
        StageEventSpec(r.unit_code, r.programme_code, REVIEW_STAGES[r.level], r.reviewed_on, r.recorded_by)
        for r in data.stage_reviews
        if r.decision == "agree"
    ]
    _insert(
        connection,
        StageEvent,
        [
            {
                "unit_id": region(e.unit_code),
                "programme_id": programme(e.programme_code),
                "stage_code": e.stage_code,
                "entered_on": e.entered_on,
                "recorded_at": dt.datetime.combine(e.entered_on, dt.time(9)),
                "recorded_by": e.recorded_by,
                "note": e.note,
            }
            for e in data.stage_events + moves
        ],
    )
    _write_reviews(connection, data.stage_reviews, region, programme)
    _write_titles(connection, data.titles, region, level, programme)
    for allocation in data.allocations:
        allocation_id = connection.execute(
            insert(SubsidyAllocation).returning(SubsidyAllocation.id),
            {
                "programme_id": programme(allocation.programme_code),
                "source_region_id": region(allocation.source_code),
                "recipient_region_id": region(allocation.recipient_code),
                "amount": allocation.amount,
                "allocated_on": allocation.allocated_on,
                "note": allocation.note,
            },
        ).scalar_one()
        _insert(
            connection,
            SubsidyDisbursement,
            [
                {"allocation_id": allocation_id, "amount": amount, "disbursed_on": day}
                for day, amount in allocation.disbursements
            ],
        )
    bump_data_version(connection, reference=True)


def _insert(connection: Connection, model: type, rows: list[dict]) -> None:
    if rows:
        connection.execute(insert(model), rows)


def _write_regions(connection: Connection, specs: list[RegionSpec]) -> dict[str, int]:
    """Insert regions parents first, filling each row's ancestor ids from its parent's."""
    written: dict[str, tuple[int, str, int | None, int | None, int | None]] = {}
    for spec in specs:
        parent = None
        if spec.parent_code is not None:
            parent = written.get(spec.parent_code) or _stored_region(connection, spec.parent_code)
        ancestors = {"province_id": None, "city_id": None, "county_id": None}
        if parent is not None:
            parent_id, parent_level, *parent_ancestors = parent
            ancestors = dict(zip(ancestors, parent_ancestors, strict=True))
            ancestors[f"{parent_level}_id"] = parent_id
        region_id = connection.execute(
            insert(Region).returning(Region.id),
            {
                "code": spec.code,
                "name_zh": spec.name_zh,
                "name_en": spec.name_en,
                "level": spec.level,
                "kind": spec.kind,
                "parent_id": parent[0] if parent else None,
                "is_sample": spec.is_sample,
                **ancestors,
            },
        ).scalar_one()
        written[spec.code] = (region_id, spec.level, *ancestors.values())
    return {code: row[0] for code, row in written.items()}


def _stored_region(connection: Connection, code: str):
    row = connection.execute(
        select(Region.id, Region.level, Region.province_id, Region.city_id, Region.county_id).where(
            Region.code == code
        )
    ).first()
    if row is None:
        raise LoadError(f"未知的上级地区编码 {code}")
    return tuple(row)


def _write_reviews(connection: Connection, reviews: list[StageReviewSpec], region, programme) -> None:
    """The reviews, each agreeing one linked to its move (written just before) and every one
    to its office, the unit's county (初审) or city (审核)."""
    if not reviews:
        return
    units = {region(r.unit_code) for r in reviews}
    offices = {
        row.id: {"county": row.county_id, "city": row.city_id}
        for row in connection.execute(
            select(Region.id, Region.county_id, Region.city_id).where(Region.id.in_(units))
        )
    }
    moves = {
        (row.unit_id, row.programme_id, row.stage_code, row.entered_on): row.id
        for row in connection.execute(
            select(
                StageEvent.id,
                StageEvent.unit_id,
                StageEvent.programme_id,
                StageEvent.stage_code,
                StageEvent.entered_on,
            ).where(
                StageEvent.programme_id.in_({programme(r.programme_code) for r in reviews}),
                StageEvent.stage_code.in_(REVIEW_STAGES.values()),
            )
        )
    }
    rows = []
    for r in reviews:
        unit, programme_id = region(r.unit_code), programme(r.programme_code)
        office = offices[unit][r.level]
        if office is None:
            raise LoadError(f"{r.unit_code}：没有做{REVIEW_NAMES[r.level]}的上级地区")
        agreed = r.decision == "agree"
        rows.append(
            {
                "unit_id": unit,
                "programme_id": programme_id,
                "level": r.level,
                "office_region_id": office,
                "decision": r.decision,
                "opinion": r.opinion,
                "reviewed_on": r.reviewed_on,
                "stage_event_id": moves[(unit, programme_id, REVIEW_STAGES[r.level], r.reviewed_on)]
                if agreed
                else None,
                "recorded_at": dt.datetime.combine(r.reviewed_on, dt.time(9)),
                "recorded_by": r.recorded_by,
            }
        )
    _insert(connection, StageReview, rows)


def _write_titles(connection, titles: list[TitleSpec], region, level, programme) -> None:
    by_certificate: dict[str, int] = {}
    for spec in titles:
        renews = None
        if spec.renews_certificate_no is not None:
            renews = by_certificate.get(spec.renews_certificate_no) or connection.scalar(
                select(Title.id).where(Title.certificate_no == spec.renews_certificate_no)
            )
            if renews is None:
                raise LoadError(f"{spec.unit_code}：续期所指的证书 {spec.renews_certificate_no} 不存在")
        by_certificate[spec.certificate_no] = connection.execute(
            insert(Title).returning(Title.id),
            {
                "unit_id": region(spec.unit_code),
                "level_id": level(spec.level_code),
                "programme_id": programme(spec.programme_code) if spec.programme_code else None,
                "named_on": spec.named_on,
                "certificate_no": spec.certificate_no,
                "valid_until": spec.valid_until,
                "renews_id": renews,
            },
        ).scalar_one()
        if spec.revoked_on is not None:
            # The title's revoked_on is written by the database from this record only (migration 0006).
            connection.execute(
                insert(TitleRevocation),
                {
                    "title_id": by_certificate[spec.certificate_no],
                    "revoked_on": spec.revoked_on,
                    "reason": spec.revocation_reason or "",
                    "recorded_at": dt.datetime.combine(spec.revoked_on, dt.time(9)),
                    "recorded_by": "数据载入",
                },
            )
