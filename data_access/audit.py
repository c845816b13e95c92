"""The audit trail: one row per sign-in and per record written, appended, never changed.

Every write path calls :func:`record` (or :func:`record_many`) with its own connection,
inside the transaction that writes the change, so the change and its audit row are
committed together or not at all.  The table refuses UPDATE and DELETE (migration 0007).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from data_access.database import read_frame
from data_access.models import AuditEvent, Region
from data_access.regions import RegionRef
from oversight.access import OutOfScope, Scope
from oversight.audit import KINDS


@dataclass(frozen=True)
class Event:
    """One event to record.  ``before`` and ``after`` are the record as plain values
    (dicts of its fields), stored as JSON; a new record has no ``before``."""

    kind: str
    subject: str
    region_id: int | None = None
    before: Any = None
    after: Any = None


def record(connection: Connection, username: str, event: Event, at: dt.datetime | None = None) -> None:
    """Append one event in the caller's transaction."""
    record_many(connection, username, [event], at)


def record_many(
    connection: Connection, username: str, events: Sequence[Event], at: dt.datetime | None = None
) -> None:
    """Append many events in one statement (an upload of a city's month writes hundreds)."""
    if not events:
        return
    when = at or dt.datetime.now()
    for event in events:
        if event.kind not in KINDS:
            raise ValueError(f"unknown audit event kind {event.kind!r}")
    connection.execute(
        insert(AuditEvent),
        [
            {
                "at": when,
                "username": username,
                "kind": event.kind,
                "subject": event.subject[:200],
                "region_id": event.region_id,
                "before": _json(event.before),
                "after": _json(event.after),
            }
            for event in events
        ],
    )


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def events(
    engine: Engine,
    user: str | None = None,
    since: dt.date | None = None,
    kinds: Sequence[str] = (),
    region_ids: Sequence[int] | None = None,
    limit: int = 10_000,
    until: dt.date | None = None,
    unplaced: bool = False,
) -> pd.DataFrame:
    """The events matching every filter given, newest first; ``since`` and ``until`` are
    days, both included.

    ``region_ids`` (None: every event) keeps the events about those regions and the units
    under them; events about no region (sign-ins, user changes) are then left out, unless
    ``unplaced`` (an administrator's search) keeps them too.
    Columns: id, at, username, kind, subject, region_code, region_zh, region_en, before, after.
    """
    query = (
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.username,
            AuditEvent.kind,
            AuditEvent.subject,
            Region.code.label("region_code"),
            Region.name_zh.label("region_zh"),
            Region.name_en.label("region_en"),
            AuditEvent.before,
            AuditEvent.after,
        )
        .outerjoin(Region, Region.id == AuditEvent.region_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    if user:
        query = query.where(AuditEvent.username == user)
    if since:
        query = query.where(AuditEvent.at >= dt.datetime.combine(since, dt.time()))
    if until:
        query = query.where(AuditEvent.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    if kinds:
        query = query.where(AuditEvent.kind.in_(kinds))
    if region_ids is not None:
        ids = list(region_ids)
        placed = (
            Region.id.in_(ids)
            | Region.province_id.in_(ids)
            | Region.city_id.in_(ids)
            | Region.county_id.in_(ids)
        )
        query = query.where(placed | AuditEvent.region_id.is_(None) if unplaced else placed)
    return read_frame(engine, query, dates=())


def search(
    engine: Engine,
    scope: Scope,
    *,
    user: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kinds: Sequence[str] = (),
    region: RegionRef | None = None,
    limit: int = 10_000,
) -> pd.DataFrame:
    """:func:`events` as ``scope`` may read them: the events of the regions where it holds
    ``read_audit`` (or of ``region``, refused with OutOfScope outside them), and for an
    administrator (``manage_users``) the events about no region too.  Columns as events."""
    if region is not None:
        scope.require("read_audit", region)
        return events(engine, user, since, kinds, [region.id], limit, until)
    if scope.everything:
        return events(engine, user, since, kinds, None, limit, until)
    places = scope.places("read_audit")
    if not places:
        raise OutOfScope("read_audit")
    ids = [place.id for place in places]
    return events(engine, user, since, kinds, ids, limit, until, unplaced=scope.can("manage_users"))
