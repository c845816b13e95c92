"""Issued monthly circulars (印发的月度通报): issuing one, reading it back, its files, the archive.

An issued circular is frozen: the row holds the method, the ranking's inputs, the ranking
and the circular as JSON, and ``circular_file`` the generated files, and triggers refuse
any UPDATE or DELETE of either (migration 0005).  Reading it back therefore never
recomputes anything: the same circular, the same bytes, whatever was reported or
corrected since.  A correction is a new version that supersedes the current one.

Numbering: a 文号 is the office's abbreviation, the year of issue and a serial counted per
office and year (遂安监通〔2015〕9号).  :func:`issue` takes the write lock first (it bumps
the data version, one row every writer updates: SQLite's writer lock, PostgreSQL's row
lock), so two issuers at once take turns and read each other's serials; the unique
constraints stay as the last word, and a clash is retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from data_access.access import reads
from data_access.audit import Event, record
from data_access.database import read_frame, read_rows
from data_access.models import CircularFile, IssuedCircular, IssuingOffice, Programme
from data_access.regions import RegionRef, region_by_id
from data_access.submissions import bump_data_version
from oversight.access import Scope

RETRIES = 3
"""Attempts at issuing when another issuer took the same serial or version meanwhile."""


class IssueError(ValueError):
    """An issue refused; the message says why in Chinese."""


@dataclass(frozen=True)
class Office:
    """An issuing office: name, abbreviation of its 文号, addressees and 抄送 lines."""

    id: int
    region_id: int
    name_zh: str
    abbreviation: str
    addressees: str
    copy_to: str


@dataclass(frozen=True)
class Issued:
    """One stored version of an issued circular, as frozen at issuing."""

    id: int
    region_id: int
    programme_id: int
    programme_code: str
    month: dt.date
    office_zh: str
    number: str
    version: int
    supersedes_id: int | None
    superseded_by: int | None
    reason: str | None
    issued_on: dt.date
    issued_at: dt.datetime
    issued_by: str
    method_version: int
    method_json: str
    inputs_json: str
    ranking_json: str
    circular_json: str


@dataclass(frozen=True)
class Frozen:
    """What :func:`issue` stores, made once the 文号 is known: the method as JSON, the
    ranking's inputs, the ranking and the circular as JSON, and the files by kind."""

    method_version: int
    method_json: str
    inputs_json: str
    ranking_json: str
    circular_json: str
    files: Mapping[str, bytes]


def document_number(abbreviation: str, year: int, serial: int) -> str:
    """The 文号 in the national form: 遂安监通〔2015〕9号 (hexagonal brackets, GB/T 9704)."""
    return f"{abbreviation}〔{year}〕{serial}号"


@reads("region")
def office_of(engine: Engine, region: RegionRef) -> Office | None:
    """The office that issues ``region``'s circulars, if one is stored."""
    rows = read_rows(engine, select(*_OFFICE).where(IssuingOffice.region_id == region.id))
    return Office(*rows[0]) if rows else None


def store_office(
    engine: Engine,
    region: RegionRef,
    name_zh: str,
    abbreviation: str,
    addressees: str = "",
    copy_to: str = "",
    *,
    scope: Scope,
) -> Office:
    """Store the issuing office of ``region`` (one per region), as part of issuing its first
    circular: ``scope`` must allow ``issue_circular`` there (else OutOfScope).  The audit
    trail records it as set-up."""
    scope.require("issue_circular", region)
    if not name_zh.strip() or not abbreviation.strip():
        raise IssueError("发文机关名称与发文字号代字（如 遂安监通）都须填写")
    values = {
        "region_id": region.id,
        "name_zh": name_zh.strip(),
        "abbreviation": abbreviation.strip(),
        "addressees": addressees.strip(),
        "copy_to": copy_to.strip(),
    }
    try:
        with engine.begin() as connection:
            office_id = connection.execute(
                insert(IssuingOffice).returning(IssuingOffice.id), values
            ).scalar_one()
            event = Event("setup_changed", f"发文机关 {values['name_zh']}", region.id, after=values)
            record(connection, scope.user, event)
            bump_data_version(connection)
    except IntegrityError as error:
        raise IssueError(f"{region.name_zh} 已有发文机关，或代字 {abbreviation} 已被其他机关使用") from error
    return Office(office_id, **values)


def office_region(engine: Engine, office: Office) -> RegionRef | None:
    """The region an issuing office issues for (the read gate's lookup of an office)."""
    return region_by_id(engine, office.region_id)


def circular_region(engine: Engine, circular_id: int) -> RegionRef | None:
    """The region an issued circular is of, if the id is one (the read gate's lookup)."""
    rows = read_rows(engine, select(IssuedCircular.region_id).where(IssuedCircular.id == circular_id))
    return region_by_id(engine, rows[0][0]) if rows else None


@reads("office", resolve=office_region)
def next_serial(engine: Engine, office: Office, year: int) -> int:
    """The serial the office's next circular of ``year`` would get (shown before issuing;
    :func:`issue` counts again under the lock)."""
    return (read_rows(engine, _last_serial(office.id, year))[0][0] or 0) + 1


def issue(
    engine: Engine,
    region: RegionRef,
    programme_id: int,
    month: dt.date,
    office: Office,
    issued_on: dt.date,
    scope: Scope,
    make: Callable[[str], Frozen],
    supersedes: Issued | None = None,
    reason: str | None = None,
) -> Issued:
    """Issue the circular of ``region``'s ``month`` as ``scope``'s user (who must hold
    ``issue_circular`` on the region, else OutOfScope), in one transaction with its
    ``circular_issued`` audit row.

    ``make(number)`` builds what is frozen once the 文号 is known (the documents carry
    it).  A month already issued can only be issued again as a correction of its current
    version: ``supersedes`` that version and a ``reason``.
    """
    month = month.replace(day=1)
    scope.require("issue_circular", region)
    if not scope.user.strip():
        raise IssueError("请填写印发人")
    if supersedes is not None and not (reason or "").strip():
        raise IssueError("更正须写明更正原因")
    for attempt in range(RETRIES):
        try:
            with engine.begin() as connection:
                bump_data_version(connection)  # first: the write lock, see the module's docstring
                circular_id = _issue(
                    connection,
                    region,
                    programme_id,
                    month,
                    office,
                    issued_on,
                    scope.user,
                    make,
                    supersedes,
                    reason,
                )
            break
        except IntegrityError as error:
            if attempt == RETRIES - 1:
                raise IssueError(f"印发失败：与同时进行的另一次印发冲突，请重试（{error.orig}）") from error
    return circular(engine, circular_id)


def _issue(
    connection: Connection,
    region: RegionRef,
    programme_id: int,
    month: dt.date,
    office: Office,
    issued_on: dt.date,
    issued_by: str,
    make: Callable[[str], Frozen],
    supersedes: Issued | None,
    reason: str | None,
) -> int:
    current = connection.execute(
        select(IssuedCircular.id, IssuedCircular.version, IssuedCircular.number)
        .where(
            IssuedCircular.region_id == region.id,
            IssuedCircular.programme_id == programme_id,
            IssuedCircular.month == month,
        )
        .order_by(IssuedCircular.version.desc())
        .limit(1)
    ).first()
    if current is not None and supersedes is None:
        raise IssueError(
            f"{region.name_zh} {month.year}年{month.month}月的通报已印发（{current.number}），"
            "如需修改请以更正方式印发新版本"
        )
    if supersedes is not None and (current is None or current.id != supersedes.id):
        raise IssueError(
            f"要更正的 {supersedes.number} 已不是现行版本（已被 {current.number if current else '—'} 取代），请刷新后再更正"
        )
    serial = _next_serial(connection, office.id, issued_on.year)
    number = document_number(office.abbreviation, issued_on.year, serial)
    frozen = make(number)
    circular_id = connection.execute(
        insert(IssuedCircular).returning(IssuedCircular.id),
        {
            "region_id": region.id,
            "programme_id": programme_id,
            "month": month,
            "office_id": office.id,
            "year": issued_on.year,
            "serial": serial,
            "number": number,
            "version": 1 if current is None else current.version + 1,
            "supersedes_id": None if supersedes is None else supersedes.id,
            "reason": reason.strip() if supersedes is not None and reason else None,
            "issued_on": issued_on,
            "issued_at": dt.datetime.now().replace(microsecond=0),
            "issued_by": issued_by.strip(),
            "method_version": frozen.method_version,
            "method_json": frozen.method_json,
            "inputs_json": frozen.inputs_json,
            "ranking_json": frozen.ranking_json,
            "circular_json": frozen.circular_json,
        },
    ).scalar_one()
    for kind, content in frozen.files.items():
        _insert_file(connection, circular_id, kind, content)
    programme = connection.scalar(select(Programme.code).where(Programme.id == programme_id))
    after = {
        "number": number,
        "region": region.code,
        "month": f"{month:%Y-%m}",
        "programme": programme,
        "version": 1 if current is None else current.version + 1,
        "issued_on": issued_on,
    }
    if supersedes is not None:
        after["reason"] = (reason or "").strip()
    before = None if current is None else {"number": current.number, "version": current.version}
    record(connection, issued_by.strip(), Event("circular_issued", number, region.id, before, after))
    return circular_id


def _next_serial(connection: Connection, office_id: int, year: int) -> int:
    return (connection.scalar(_last_serial(office_id, year)) or 0) + 1


def _last_serial(office_id: int, year: int):
    return select(func.max(IssuedCircular.serial)).where(
        IssuedCircular.office_id == office_id, IssuedCircular.year == year
    )


def _insert_file(connection: Connection, circular_id: int, kind: str, content: bytes) -> None:
    connection.execute(
        insert(CircularFile),
        {
            "circular_id": circular_id,
            "kind": kind,
            "content": content,
            "sha256": hashlib.sha256(content).hexdigest(),
            "created_at": dt.datetime.now().replace(microsecond=0),
        },
    )


def add_file(engine: Engine, circular_id: int, kind: str, content: bytes) -> bytes:
    """Store a file made after issuing (the PDF) unless one is already there; return the
    stored bytes, so two first requests at once both hand out the same file."""
    try:
        with engine.begin() as connection:
            _insert_file(connection, circular_id, kind, content)
            bump_data_version(connection)
    except IntegrityError:
        pass
    stored = circular_file(engine, circular_id, kind)
    assert stored is not None
    return stored


def circular_file(engine: Engine, circular_id: int, kind: str) -> bytes | None:
    """The stored bytes of one file of an issued circular (None when not made yet)."""
    rows = read_rows(
        engine,
        select(CircularFile.content).where(
            CircularFile.circular_id == circular_id, CircularFile.kind == kind
        ),
    )
    return bytes(rows[0].content) if rows else None


def stored_kinds(engine: Engine, circular_id: int) -> dict[str, str]:
    """The kinds of file stored for an issued circular, with their sha256."""
    rows = read_rows(
        engine,
        select(CircularFile.kind, CircularFile.sha256).where(CircularFile.circular_id == circular_id),
    )
    return {row.kind: row.sha256 for row in rows}


@reads("circular_id", resolve=circular_region)
def circular(engine: Engine, circular_id: int) -> Issued:
    """One issued version by id."""
    found = _issued(engine, IssuedCircular.id == circular_id)
    if not found:
        raise IssueError(f"没有编号为 {circular_id} 的已印发通报")
    return found[0]


@reads("region")
def issued(engine: Engine, region: RegionRef, programme_id: int, month: dt.date) -> Issued | None:
    """The current (latest) version of the month's issued circular, if it was issued."""
    found = versions(engine, region, programme_id, month)
    return found[-1] if found else None


def versions(engine: Engine, region: RegionRef, programme_id: int, month: dt.date) -> list[Issued]:
    """Every issued version of the month's circular, oldest first."""
    return _issued(
        engine,
        IssuedCircular.region_id == region.id,
        IssuedCircular.programme_id == programme_id,
        IssuedCircular.month == month.replace(day=1),
    )


def issued_in_year(engine: Engine, region: RegionRef, programme_id: int, year: int) -> list[Issued]:
    """The current version of every month of ``year`` issued, by month."""
    found = _issued(
        engine,
        IssuedCircular.region_id == region.id,
        IssuedCircular.programme_id == programme_id,
        IssuedCircular.month >= dt.date(year, 1, 1),
        IssuedCircular.month <= dt.date(year, 12, 1),
    )
    return [row for row in found if row.superseded_by is None]


def _issued(engine: Engine, *where) -> list[Issued]:
    later = IssuedCircular.__table__.alias("later")
    rows = read_rows(
        engine,
        select(
            IssuedCircular.id,
            IssuedCircular.region_id,
            IssuedCircular.programme_id,
            Programme.code,
            IssuedCircular.month,
            IssuingOffice.name_zh,
            IssuedCircular.number,
            IssuedCircular.version,
            IssuedCircular.supersedes_id,
            later.c.id,
            IssuedCircular.reason,
            IssuedCircular.issued_on,
            IssuedCircular.issued_at,
            IssuedCircular.issued_by,
            IssuedCircular.method_version,
            IssuedCircular.method_json,
            IssuedCircular.inputs_json,
            IssuedCircular.ranking_json,
            IssuedCircular.circular_json,
        )
        .join(Programme, Programme.id == IssuedCircular.programme_id)
        .join(IssuingOffice, IssuingOffice.id == IssuedCircular.office_id)
        .outerjoin(later, later.c.supersedes_id == IssuedCircular.id)
        .where(*where)
        .order_by(IssuedCircular.month, IssuedCircular.version),
    )
    return [Issued(*row) for row in rows]


@reads("region")
def archive(engine: Engine, region: RegionRef) -> pd.DataFrame:
    """Every issued version of ``region``'s circulars, newest issue first.

    Columns: id, number, month, programme_code, office_zh, issued_on, issued_at, issued_by,
    version, supersedes_id, supersedes_number, superseded_by_number, reason, kinds (the
    stored files, comma-separated in the order xlsx, docx, pdf).
    """
    earlier = IssuedCircular.__table__.alias("earlier")
    later = IssuedCircular.__table__.alias("later")
    frame = read_frame(
        engine,
        select(
            IssuedCircular.id,
            IssuedCircular.number,
            IssuedCircular.month,
            Programme.code.label("programme_code"),
            IssuingOffice.name_zh.label("office_zh"),
            IssuedCircular.issued_on,
            IssuedCircular.issued_at,
            IssuedCircular.issued_by,
            IssuedCircular.version,
            IssuedCircular.supersedes_id,
            earlier.c.number.label("supersedes_number"),
            later.c.number.label("superseded_by_number"),
            IssuedCircular.reason,
        )
        .join(Programme, Programme.id == IssuedCircular.programme_id)
        .join(IssuingOffice, IssuingOffice.id == IssuedCircular.office_id)
        .outerjoin(earlier, earlier.c.id == IssuedCircular.supersedes_id)
        .outerjoin(later, later.c.supersedes_id == IssuedCircular.id)
        .where(IssuedCircular.region_id == region.id)
        .order_by(IssuedCircular.issued_on.desc(), IssuedCircular.id.desc()),
        dates=["month", "issued_on"],
    )
    kinds = read_frame(
        engine,
        select(CircularFile.circular_id, CircularFile.kind)
        .join(IssuedCircular, IssuedCircular.id == CircularFile.circular_id)
        .where(IssuedCircular.region_id == region.id),
    )
    order = {"xlsx": 0, "docx": 1, "pdf": 2}
    by_circular = (
        kinds.assign(order=kinds["kind"].map(order)).sort_values("order").groupby("circular_id")["kind"]
    )
    frame["kinds"] = frame["id"].map(by_circular.agg(",".join)).fillna("")
    frame["supersedes_id"] = frame["supersedes_id"].astype("Int64")
    texts = ["supersedes_number", "superseded_by_number", "reason"]
    frame[texts] = frame[texts].astype(object).where(frame[texts].notna(), None)
    return frame


_OFFICE = (
    IssuingOffice.id,
    IssuingOffice.region_id,
    IssuingOffice.name_zh,
    IssuingOffice.abbreviation,
    IssuingOffice.addressees,
    IssuingOffice.copy_to,
)
