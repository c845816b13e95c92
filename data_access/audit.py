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
) -> pd.DataFrame:
    """The events matching every filter given, newest first.

    ``region_ids`` (None: every event) keeps the events about those regions and the units
    under them; events about no region (sign-ins, user changes) are then left out.
    Columns: id, at, username, kind, subject, region_code, region_zh, before, after.
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
    if kinds:
        query = query.where(AuditEvent.kind.in_(kinds))
    if region_ids is not None:
        ids = list(region_ids)
        query = query.where(
            Region.id.in_(ids)
            | Region.province_id.in_(ids)
            | Region.city_id.in_(ids)
            | Region.county_id.in_(ids)
        )
    return read_frame(engine, query, dates=())
