"""Recording a unit's path: stage moves, reviews of its application, namings, renewals
and revocations, each appended and never written over.

The application form of the programme (创建安全社区申报表) goes from the unit to the county
office, whose preliminary review (初审) it records with an opinion and a date, and on to
the city office's review (审核); an agreeing review moves the unit to 县级初审 or 市级审核.
Staff then record the naming (level, date, certificate number, validity), later a
renewal (a new title that renews the old one) or a revocation.  Every record is checked
against the unit's path as it stands (:mod:`oversight.stage_path`): a move that skips or
reverses a step needs a reason.

The functions below write one record each; the stages workbook
(:mod:`data_access.intake_stages`) checks and writes many through the same
:class:`Ledger`, so both refuse the same things with the same refusals
(:class:`~data_access.submissions.SubmissionError`, a message key and its values, worded
in the page's language; in Chinese on the command line).
Recording a record that is already there (the same move, review, naming...) writes
nothing: an upload sent twice changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, insert, or_, select

from data_access.audit import Event, record_many
from data_access.models import (
    Programme,
    ProgrammeUnit,
    Region,
    Stage,
    StageEvent,
    StageReview,
    Title,
    TitleLevel,
    TitleRevocation,
)
from data_access.submissions import SubmissionError, bump_data_version
from oversight.access import OutOfScope, Scope
from oversight.refusals import Refusal
from oversight.stage_path import PATH, REVIEW_DECISIONS, REVIEW_LEVELS, REVIEW_STAGES, move_kind


@dataclass(frozen=True)
class StageMove:
    """A unit entering a stage of a programme on a day; ``reason`` says why it leaves the path."""

    unit_code: str
    programme_code: str
    stage_code: str
    entered_on: dt.date
    reason: str = ""


@dataclass(frozen=True)
class Review:
    """初审 (``level`` county) or 审核 (city) of a unit's application: agree or return."""

    unit_code: str
    programme_code: str
    level: str
    decision: str
    opinion: str
    reviewed_on: dt.date
    reason: str = ""


@dataclass(frozen=True)
class Naming:
    """A title given to a unit; with a programme, the unit's path reaches 命名 on the day."""

    unit_code: str
    level_code: str
    named_on: dt.date
    certificate_no: str
    valid_until: dt.date | None
    programme_code: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Renewal:
    """The title ``certificate_no`` renewed (再命名) by a new one, ``new_certificate_no``."""

    certificate_no: str
    renewed_on: dt.date
    new_certificate_no: str
    valid_until: dt.date | None
    reason: str = ""


@dataclass(frozen=True)
class Revocation:
    """The title ``certificate_no`` revoked (撤销命名) on a day, for a reason."""

    certificate_no: str
    revoked_on: dt.date
    reason: str


Record = StageMove | Review | Naming | Renewal | Revocation


def action_of(record: Record) -> str:
    """The action (oversight.access.ACTIONS) a record needs on its unit: a move ``move``,
    a county review ``review_county``, a city review ``review_city``, a naming, renewal or
    revocation ``name``."""
    if isinstance(record, StageMove):
        return "move"
    if isinstance(record, Review):
        return f"review_{record.level}"
    return "name"


_KINDS = {
    StageMove: "stage_moved",
    Review: "review_recorded",
    Naming: "naming_recorded",
    Renewal: "renewal_recorded",
    Revocation: "revocation_recorded",
}
"""The audit event (oversight.audit.WRITES) each kind of record leaves."""


@dataclass
class _Title:
    id: int | None
    unit_id: int
    level_id: int
    programme_id: int | None
    named_on: dt.date
    certificate_no: str
    valid_until: dt.date | None
    revoked_on: dt.date | None = None
    revocation_reason: str | None = None
    renewed_by: str | None = None


@dataclass
class _Unit:
    id: int
    code: str
    name_zh: str
    county_id: int | None
    city_id: int | None
    province_id: int | None
    level: str = "unit"

    @property
    def ancestor_ids(self) -> set[int]:
        """With ``id`` and ``level``, what a scope checks (oversight.access.Place)."""
        return {i for i in (self.province_id, self.city_id, self.county_id) if i is not None}


@dataclass
class Checked:
    """A record that passed its checks: what writing it adds (empty if already there)."""

    record: Record
    unit: _Unit
    event: tuple[int, str, dt.date, str] | None = None  # programme id, stage, day, note
    review: dict | None = None
    title: _Title | None = None
    revocation: tuple[str, dt.date, str] | None = None  # certificate, day, reason
    existing_id: int | None = None
    before: dict | None = None  # what the audit row says it changed from

    @property
    def unchanged(self) -> bool:
        return self.existing_id is not None


@dataclass
class Ledger:
    """What the records of one write touch, as it stands in the database: units, their
    enrolments, moves, reviews and titles.  Checking a record updates it, so a later
    record of the same batch is checked against the path the earlier ones made."""

    connection: Connection
    today: dt.date
    scope: Scope
    units: dict[str, _Unit] = field(default_factory=dict)
    programmes: dict[str, int] = field(default_factory=dict)
    enrolled: set[tuple[int, int]] = field(default_factory=set)
    events: dict[tuple[int, int], list[tuple[str, dt.date, int]]] = field(default_factory=dict)
    reviews: dict[tuple, int] = field(default_factory=dict)
    titles: dict[str, _Title] = field(default_factory=dict)
    levels: dict[str, tuple[int, str]] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        connection: Connection,
        records: Sequence[Record],
        today: dt.date,
        scope: Scope,
        lock: bool = False,
    ) -> Ledger:
        """The ledger for ``records``, checked as ``scope``'s user; ``lock`` holds their units'
        rows on PostgreSQL until the transaction ends, so two writers of one unit's path
        take turns."""
        ledger = cls(connection, today, scope)
        certificates = {r.certificate_no for r in records if isinstance(r, Renewal | Revocation)}
        certificates |= {r.certificate_no for r in records if isinstance(r, Naming)}
        certificates |= {r.new_certificate_no for r in records if isinstance(r, Renewal)}
        unit_codes = {r.unit_code for r in records if isinstance(r, StageMove | Review | Naming)}
        title_units = set(
            connection.scalars(select(Title.unit_id).where(Title.certificate_no.in_(certificates)))
        )
        query = select(
            Region.id, Region.code, Region.name_zh, Region.county_id, Region.city_id, Region.province_id
        ).where(Region.level == "unit", or_(Region.code.in_(unit_codes), Region.id.in_(title_units)))
        if lock and connection.dialect.name == "postgresql":
            query = query.with_for_update()
        for row in connection.execute(query.order_by(Region.id)):
            ledger.units[row.code] = _Unit(*row)
        ids = [unit.id for unit in ledger.units.values()]
        ledger.programmes = dict(connection.execute(select(Programme.code, Programme.id)).all())
        ledger.enrolled = set(
            connection.execute(
                select(ProgrammeUnit.unit_id, ProgrammeUnit.programme_id).where(
                    ProgrammeUnit.unit_id.in_(ids)
                )
            ).all()
        )
        for unit_id, programme_id, stage, day, id_ in connection.execute(
            select(
                StageEvent.unit_id,
                StageEvent.programme_id,
                StageEvent.stage_code,
                StageEvent.entered_on,
                StageEvent.id,
            )
            .where(StageEvent.unit_id.in_(ids))
            .order_by(StageEvent.entered_on, StageEvent.id)
        ):
            ledger.events.setdefault((unit_id, programme_id), []).append((stage, day, id_))
        for row in connection.execute(
            select(
                StageReview.id,
                StageReview.unit_id,
                StageReview.programme_id,
                StageReview.level,
                StageReview.decision,
                StageReview.opinion,
                StageReview.reviewed_on,
            ).where(StageReview.unit_id.in_(ids))
        ):
            ledger.reviews[tuple(row[1:])] = row.id
        renewed = {}
        for row in connection.execute(
            select(
                Title.id,
                Title.unit_id,
                Title.level_id,
                Title.programme_id,
                Title.named_on,
                Title.certificate_no,
                Title.valid_until,
                Title.revoked_on,
                Title.revocation_reason,
                Title.renews_id,
            )
            .where(Title.unit_id.in_(ids))
            .order_by(Title.id)
        ):
            ledger.titles[row.certificate_no] = _Title(*row[:9])
            if row.renews_id is not None:
                renewed[row.renews_id] = row.certificate_no
        for title in ledger.titles.values():
            title.renewed_by = renewed.get(title.id)
        ledger.levels = {
            code: (id_, name)
            for code, id_, name in connection.execute(
                select(TitleLevel.code, TitleLevel.id, TitleLevel.name_zh)
            )
        }
        ledger.stages = dict(connection.execute(select(Stage.code, Stage.name_zh)).all())
        return ledger

    def fingerprint(self) -> str:
        """What the records were checked against: every move, review and title of their units
        (append-only, so a new row or a revocation is all that can change it)."""
        parts = [
            repr(sorted((key, tuple(events)) for key, events in self.events.items())),
            repr(sorted(self.reviews.values())),
            repr(sorted((t.id, t.revoked_on) for t in self.titles.values() if t.id is not None)),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    # --- checks ---------------------------------------------------------------------------

    def unit_of(self, record: Record) -> _Unit | None:
        """The unit a record is about: its unit code's, or its certificate's holder; None
        when the database holds neither."""
        if isinstance(record, Renewal | Revocation):
            title = self.titles.get(record.certificate_no.strip())
            return None if title is None else self._unit_by_id(title.unit_id)
        return self.units.get(record.unit_code)

    def allows(self, record: Record) -> bool:
        """Whether the ledger's scope may write ``record`` on its unit (an unknown unit or
        certificate only on the command line, whose refusal then names it)."""
        return self.scope.allows(action_of(record), self.unit_of(record))

    def check(self, record: Record) -> Checked:
        """``record`` checked against the ledger (which it then updates): OutOfScope, before
        anything else, when the scope does not allow it; else SubmissionError or checked."""
        if not self.allows(record):
            raise OutOfScope(action_of(record))
        if isinstance(record, StageMove):
            return self._check_move(record)
        if isinstance(record, Review):
            return self._check_review(record)
        if isinstance(record, Naming):
            return self._check_naming(record)
        if isinstance(record, Renewal):
            return self._check_renewal(record)
        return self._check_revocation(record)

    def _check_move(self, move: StageMove) -> Checked:
        where = Refusal("where.move", {"unit": move.unit_code, "day": move.entered_on})
        unit, programme_id = self._enrolled(move.unit_code, move.programme_code, where)
        if move.stage_code not in self.stages or move.stage_code == PATH[0]:
            raise SubmissionError("unknown_stage", where, code=move.stage_code)
        self._not_future(move.entered_on, where)
        existing = self._existing_event(unit.id, programme_id, move.stage_code, move.entered_on)
        if existing is not None:
            return Checked(move, unit, existing_id=existing)
        current, since = self.current(unit.id, programme_id)
        event = self._move(unit, programme_id, move.stage_code, move.entered_on, move.reason, where)
        return Checked(move, unit, event=event, before={"stage_code": current, "entered_on": since})

    def _check_review(self, review: Review) -> Checked:
        where = Refusal(
            "where.review", {"unit": review.unit_code, "day": review.reviewed_on, "review": review.level}
        )
        if review.level not in REVIEW_LEVELS:
            raise SubmissionError("review_level", where)
        if review.decision not in REVIEW_DECISIONS:
            raise SubmissionError("review_decision", where)
        if not review.opinion.strip():
            raise SubmissionError("opinion_missing", where, review=review.level)
        unit, programme_id = self._enrolled(review.unit_code, review.programme_code, where)
        self._not_future(review.reviewed_on, where)
        key = (unit.id, programme_id, review.level, review.decision, review.opinion, review.reviewed_on)
        if key in self.reviews:
            if self.reviews[key] < 0:
                raise SubmissionError("review_twice", where)
            return Checked(review, unit, existing_id=self.reviews[key])
        current, _ = self.current(unit.id, programme_id)
        if PATH.index(current) < PATH.index("applied"):
            raise SubmissionError("not_applied", where, current=current, review=review.level)
        office = unit.county_id if review.level == "county" else unit.city_id
        event = None
        if review.decision == "agree":
            stage = REVIEW_STAGES[review.level]
            event = self._move(unit, programme_id, stage, review.reviewed_on, review.reason, where)
        self.reviews[key] = -1
        row = {
            "unit_id": unit.id,
            "programme_id": programme_id,
            "level": review.level,
            "office_region_id": office,
            "decision": review.decision,
            "opinion": review.opinion,
            "reviewed_on": review.reviewed_on,
        }
        return Checked(review, unit, event=event, review=row)

    def _check_naming(self, naming: Naming) -> Checked:
        where = Refusal("where.naming", {"unit": naming.unit_code, "day": naming.named_on})
        if naming.level_code not in self.levels:
            raise SubmissionError("unknown_level", where, code=naming.level_code)
        if naming.programme_code:
            unit, programme_id = self._enrolled(naming.unit_code, naming.programme_code, where)
        else:
            unit, programme_id = self._unit(naming.unit_code, where), None
        self._not_future(naming.named_on, where)
        level_id = self.levels[naming.level_code][0]
        number = self._certificate(naming.certificate_no, where)
        title = _Title(None, unit.id, level_id, programme_id, naming.named_on, number, naming.valid_until)
        known = self.titles.get(number)
        if known is not None:
            if (known.unit_id, known.level_id, known.programme_id, known.named_on, known.valid_until) == (
                title.unit_id,
                title.level_id,
                title.programme_id,
                title.named_on,
                title.valid_until,
            ) and known.id is not None:
                return Checked(naming, unit, existing_id=known.id)
            raise SubmissionError("certificate_taken", where, certificate=number)
        if number in self._all_certificates():
            raise SubmissionError("certificate_taken", where, certificate=number)
        self._validity(naming.named_on, naming.valid_until, where)
        event = self._arrive(unit, programme_id, "named", naming.named_on, naming.reason, where)
        self.titles[number] = title
        return Checked(naming, unit, event=event, title=title)

    def _check_renewal(self, renewal: Renewal) -> Checked:
        where = Refusal("where.renewal", {"certificate": renewal.certificate_no, "day": renewal.renewed_on})
        old = self._title(renewal.certificate_no, where)
        unit = self._unit_by_id(old.unit_id)
        number = self._certificate(renewal.new_certificate_no, where)
        self._not_future(renewal.renewed_on, where)
        if old.renewed_by is not None:
            known = self.titles.get(old.renewed_by)
            same = known is not None and (known.certificate_no, known.named_on, known.valid_until) == (
                number,
                renewal.renewed_on,
                renewal.valid_until,
            )
            if same and known.id is not None:
                return Checked(renewal, unit, existing_id=known.id)
            raise SubmissionError("already_renewed", where, certificate=old.renewed_by)
        if old.revoked_on is not None:
            raise SubmissionError("renewal_of_revoked", where, day=old.revoked_on)
        if renewal.renewed_on < old.named_on:
            raise SubmissionError("renewal_before_naming", where, day=old.named_on)
        if number in self.titles or number in self._all_certificates():
            raise SubmissionError("certificate_taken", where, certificate=number)
        self._validity(renewal.renewed_on, renewal.valid_until, where)
        event = self._arrive(unit, old.programme_id, "named", renewal.renewed_on, renewal.reason, where)
        title = _Title(
            None, old.unit_id, old.level_id, old.programme_id, renewal.renewed_on, number, renewal.valid_until
        )
        old.renewed_by = number
        self.titles[number] = title
        return Checked(renewal, unit, event=event, title=title)

    def _check_revocation(self, revocation: Revocation) -> Checked:
        where = Refusal(
            "where.revocation", {"certificate": revocation.certificate_no, "day": revocation.revoked_on}
        )
        title = self._title(revocation.certificate_no, where)
        unit = self._unit_by_id(title.unit_id)
        if not revocation.reason.strip():
            raise SubmissionError("revocation_reason", where)
        if title.revoked_on is not None:
            if (title.revoked_on, title.revocation_reason) == (revocation.revoked_on, revocation.reason):
                return Checked(revocation, unit, existing_id=title.id)
            raise SubmissionError("already_revoked", where, day=title.revoked_on)
        self._not_future(revocation.revoked_on, where)
        if revocation.revoked_on < title.named_on:
            raise SubmissionError("revocation_before_naming", where, day=title.named_on)
        title.revoked_on, title.revocation_reason = revocation.revoked_on, revocation.reason
        event = None
        still_held = any(
            other.unit_id == title.unit_id
            and other.programme_id == title.programme_id
            and other.named_on <= revocation.revoked_on
            and (other.valid_until is None or other.valid_until >= revocation.revoked_on)
            and other.revoked_on is None
            for other in self.titles.values()
        )
        if title.programme_id is not None and not still_held:
            current, _ = self.current(title.unit_id, title.programme_id)
            if current in ("named", "re_evaluation"):
                event = self._move(
                    unit, title.programme_id, "implementing", revocation.revoked_on, revocation.reason, where
                )
        return Checked(
            revocation,
            unit,
            event=event,
            revocation=(title.certificate_no, revocation.revoked_on, revocation.reason),
        )

    # --- the path -------------------------------------------------------------------------

    def current(self, unit_id: int, programme_id: int) -> tuple[str, dt.date | None]:
        """The unit's step in the programme, and since when (未启动 without a move)."""
        events = self.events.get((unit_id, programme_id))
        return (events[-1][0], events[-1][1]) if events else (PATH[0], None)

    def _move(self, unit, programme_id, stage, day, reason, where):
        """The move to ``stage`` on ``day``, checked against the path; the ledger takes it."""
        current, since = self.current(unit.id, programme_id)
        kind = move_kind(current, stage)
        if since is not None and day < since:
            raise SubmissionError("out_of_order", where, current=current, day=since)
        if kind == "same":
            raise SubmissionError("same_stage", where, day=since, stage=stage)
        if kind == "reverse" and not reason.strip():
            raise SubmissionError("reverse_needs_reason", where, current=current, stage=stage)
        if kind == "skip" and not reason.strip():
            skipped = list(PATH[PATH.index(current) + 1 : PATH.index(stage)])
            raise SubmissionError("skip_needs_reason", where, current=current, stage=stage, skipped=skipped)
        self.events.setdefault((unit.id, programme_id), []).append((stage, day, -1))
        return (programme_id, stage, day, reason)

    def _arrive(self, unit, programme_id, stage, day, reason, where):
        """The move to ``stage`` unless the unit stands there already (a second title)."""
        if programme_id is None or self.current(unit.id, programme_id)[0] == stage:
            return None
        return self._move(unit, programme_id, stage, day, reason, where)

    def _existing_event(self, unit_id, programme_id, stage, day) -> int | None:
        for code, entered_on, id_ in self.events.get((unit_id, programme_id), []):
            if (code, entered_on) == (stage, day) and id_ > 0:
                return id_
        return None

    # --- look-ups -------------------------------------------------------------------------

    def _unit(self, code: str, where: Refusal) -> _Unit:
        unit = self.units.get(code)
        if unit is None:
            raise SubmissionError("unknown_unit", where, code=code)
        return unit

    def _unit_by_id(self, unit_id: int) -> _Unit:
        return next(unit for unit in self.units.values() if unit.id == unit_id)

    def _enrolled(self, unit_code: str, programme_code: str, where: Refusal) -> tuple[_Unit, int]:
        unit = self._unit(unit_code, where)
        programme_id = self.programmes.get(programme_code)
        if programme_id is None:
            raise SubmissionError("unknown_programme", where, code=programme_code)
        if (unit.id, programme_id) not in self.enrolled:
            raise SubmissionError("not_enrolled", where, unit=unit_code, programme=programme_code)
        return unit, programme_id

    def _title(self, number: str, where: Refusal) -> _Title:
        title = self.titles.get(number.strip())
        if title is None:
            raise SubmissionError("unknown_certificate", where, certificate=number)
        return title

    def _certificate(self, number: str, where: Refusal) -> str:
        if not number.strip():
            raise SubmissionError("certificate_missing", where)
        return number.strip()

    def _all_certificates(self) -> set[str]:
        """Certificate numbers of other units' titles (this ledger holds only its units')."""
        wanted = [n for n, t in self.titles.items() if t.id is None]
        if not wanted:
            return set()
        return set(
            self.connection.scalars(select(Title.certificate_no).where(Title.certificate_no.in_(wanted)))
        )

    def _not_future(self, day: dt.date, where: Refusal) -> None:
        if day > self.today:
            raise SubmissionError("future", where, day=day)

    @staticmethod
    def _validity(named_on: dt.date, valid_until: dt.date | None, where: Refusal) -> None:
        if valid_until is not None and valid_until < named_on:
            raise SubmissionError("validity", where, valid_until=valid_until, day=named_on)

    # --- writing --------------------------------------------------------------------------

    def event(self, checked: Checked) -> Event:
        """The audit row of a checked record: the unit and day (a move, a review) or the
        certificate number (a naming, a renewal: the new one; a revocation) as subject,
        the record's fields as after."""
        record = checked.record
        if isinstance(record, StageMove | Review):
            day = record.entered_on if isinstance(record, StageMove) else record.reviewed_on
            subject = f"{checked.unit.code} {day:%Y-%m-%d}"
        elif isinstance(record, Renewal):
            subject = record.new_certificate_no.strip()
        else:
            subject = record.certificate_no.strip()
        after = dataclasses.asdict(record)
        if checked.event is not None and not isinstance(record, StageMove):
            after["stage_code"] = checked.event[1]
        return Event(_KINDS[type(record)], subject, checked.unit.id, checked.before, after)

    def write(self, checked: Checked, now: dt.datetime) -> int:
        """Append what a checked record adds, in the name of the ledger's scope; the id of
        its main row."""
        if checked.unchanged:
            return checked.existing_id
        connection = self.connection
        stamp = {"recorded_at": now, "recorded_by": self.scope.user}
        event_id = None
        if checked.event is not None:
            programme_id, stage, day, note = checked.event
            event_id = connection.execute(
                insert(StageEvent).returning(StageEvent.id),
                {
                    "unit_id": checked.unit.id,
                    "programme_id": programme_id,
                    "stage_code": stage,
                    "entered_on": day,
                    "note": note,
                }
                | stamp,
            ).scalar_one()
            self._settle_event(checked.unit.id, programme_id, event_id)
        if checked.review is not None:
            review_id = connection.execute(
                insert(StageReview).returning(StageReview.id),
                checked.review | {"stage_event_id": event_id} | stamp,
            ).scalar_one()
            record = checked.record
            key = (checked.unit.id, checked.review["programme_id"], record.level, record.decision)
            self.reviews[(*key, record.opinion, record.reviewed_on)] = review_id
            return review_id
        if checked.title is not None:
            title = checked.title
            renews = (
                self.titles[checked.record.certificate_no].id if isinstance(checked.record, Renewal) else None
            )
            title.id = connection.execute(
                insert(Title).returning(Title.id),
                {
                    "unit_id": title.unit_id,
                    "level_id": title.level_id,
                    "programme_id": title.programme_id,
                    "named_on": title.named_on,
                    "certificate_no": title.certificate_no,
                    "valid_until": title.valid_until,
                    "renews_id": renews,
                },
            ).scalar_one()
            return title.id
        if checked.revocation is not None:
            number, day, reason = checked.revocation
            return connection.execute(
                insert(TitleRevocation).returning(TitleRevocation.id),
                {"title_id": self.titles[number].id, "revoked_on": day, "reason": reason} | stamp,
            ).scalar_one()
        return event_id

    def _settle_event(self, unit_id: int, programme_id: int, event_id: int) -> None:
        """Give the ledger's pending move its id (the first still without one)."""
        events = self.events[(unit_id, programme_id)]
        index = next(i for i, (_, _, id_) in enumerate(events) if id_ < 0)
        stage, day, _ = events[index]
        events[index] = (stage, day, event_id)


def write_records(
    connection: Connection, records: Sequence[Record], scope: Scope, now: dt.datetime
) -> list[int]:
    """Check and append ``records`` in order inside the caller's transaction, as ``scope``'s
    user; their ids."""
    return write_checked(Ledger.load(connection, records, now.date(), scope, lock=True), records, now)


def write_checked(ledger: Ledger, records: Sequence[Record], now: dt.datetime) -> list[int]:
    """Check every record against ``ledger`` (loaded with ``lock`` in the writing
    transaction, with the writer's scope), then append them all, each written one with its
    audit row: one refused record writes none."""
    checked = [ledger.check(record) for record in records]
    ids = [ledger.write(item, now) for item in checked]
    written = [item for item in checked if not item.unchanged]
    if written:
        record_many(ledger.connection, ledger.scope.user, [ledger.event(item) for item in written], now)
        bump_data_version(ledger.connection)
    return ids


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes a unit's path.  On SQLite it takes the write lock before its
    first read (BEGIN IMMEDIATE), as PostgreSQL locks the units' rows: two offices recording
    at once take turns, and the second checks against what the first wrote."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


def _record(engine: Engine, record: Record, scope: Scope, now: dt.datetime | None) -> int:
    if not scope.user.strip():
        raise SubmissionError("recorder_missing")
    with writing(engine) as connection:
        return write_records(connection, [record], scope, now or dt.datetime.now())[0]


def record_stage_move(
    engine: Engine,
    unit_code: str,
    programme_code: str,
    stage_code: str,
    entered_on: dt.date,
    scope: Scope,
    reason: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Append the unit's move into ``stage_code``; the new stage event's id (or the one
    already recorded for the same move).  Skipping or reversing a step needs ``reason``."""
    return _record(engine, StageMove(unit_code, programme_code, stage_code, entered_on, reason), scope, now)


def record_review(
    engine: Engine,
    unit_code: str,
    programme_code: str,
    level: str,
    decision: str,
    opinion: str,
    reviewed_on: dt.date,
    scope: Scope,
    reason: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Append 初审 (``level`` "county") or 审核 ("city"); ``decision`` "agree" also moves
    the unit to 县级初审 or 市级审核, "return" sends the application back without a move.
    The review's id."""
    review = Review(unit_code, programme_code, level, decision, opinion, reviewed_on, reason)
    return _record(engine, review, scope, now)


def record_naming(
    engine: Engine,
    unit_code: str,
    level_code: str,
    named_on: dt.date,
    certificate_no: str,
    valid_until: dt.date | None,
    scope: Scope,
    programme_code: str | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Append a title; with a programme the unit's path reaches 命名 that day (a skip of
    its last steps needs ``reason``).  The title's id."""
    naming = Naming(unit_code, level_code, named_on, certificate_no, valid_until, programme_code, reason)
    return _record(engine, naming, scope, now)


def record_renewal(
    engine: Engine,
    certificate_no: str,
    renewed_on: dt.date,
    new_certificate_no: str,
    valid_until: dt.date | None,
    scope: Scope,
    reason: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Append the title that renews ``certificate_no`` (after 复评); the old one stays as it
    was.  The new title's id."""
    renewal = Renewal(certificate_no, renewed_on, new_certificate_no, valid_until, reason)
    return _record(engine, renewal, scope, now)


def record_revocation(
    engine: Engine,
    certificate_no: str,
    revoked_on: dt.date,
    reason: str,
    scope: Scope,
    now: dt.datetime | None = None,
) -> int:
    """Append the revocation of ``certificate_no``; the database copies its day and reason
    onto the title.  A unit left without a title of the programme goes back to 推进实施.
    The revocation's id."""
    return _record(engine, Revocation(certificate_no, revoked_on, reason), scope, now)
