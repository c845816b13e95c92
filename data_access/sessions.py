"""Signed-in browser sessions, kept on the server so that a reload stays signed in.

Streamlit keeps its session state per websocket: a reload (F5) or a new tab opens a new
one, empty.  A sign-in therefore also starts a row of ``app_session`` and hands the browser
a random token (a cookie, ``ui/auth.py``); a new websocket session finds the row again by
the token's sha256.  The server decides: a session runs out ``SESSION_MINUTES`` after its
last click, ends at a sign-out, and ends at a disabled user's next click.  An ended row is
never resumed, whatever cookie a browser still sends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from data_access.audit import Event, record
from data_access.models import AppSession, AppUser
from oversight.sign_in import expired


@dataclass(frozen=True)
class Resumed:
    """What a token found: its user, and whether the session had run out (it is ended now
    and the sign-in page says why)."""

    username: str
    expired: bool


def start(connection: Connection, username: str, now: dt.datetime) -> str:
    """Start a session for ``username`` in the caller's transaction; the token for the
    browser's cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    connection.execute(
        insert(AppSession).values(
            token_hash=_hash(token), username=username, created_at=now, last_seen=now, ended_at=None
        )
    )
    return token


def resume(engine: Engine, token: str, now: dt.datetime) -> Resumed | None:
    """The live session ``token`` belongs to, its last click moved to ``now``; None for an
    unknown or ended token.  A session that ran out, or whose user was disabled, is ended
    here with its ``sign_out`` audit row (reason ``expired`` or ``disabled``)."""
    with engine.begin() as connection:
        row = connection.execute(
            select(AppSession.id, AppSession.username, AppSession.last_seen, AppUser.disabled)
            .outerjoin(AppUser, AppUser.username == AppSession.username)
            .where(AppSession.token_hash == _hash(token), AppSession.ended_at.is_(None))
        ).first()
        if row is None:
            return None
        if row.disabled is not False:
            _end(connection, row.id, row.username, "disabled", now)
            return None
        if expired(row.last_seen, now):
            _end(connection, row.id, row.username, "expired", now)
            return Resumed(row.username, expired=True)
        connection.execute(update(AppSession).where(AppSession.id == row.id).values(last_seen=now))
        return Resumed(row.username, expired=False)


def end(engine: Engine, token: str | None, username: str, reason: str, now: dt.datetime) -> None:
    """End a session (``signed_out`` by its user, or ``expired``) with its audit row.  A
    session without a token (one a test put in the session state) has no row to end."""
    with engine.begin() as connection:
        found = None
        if token is not None:
            found = connection.scalar(
                select(AppSession.id).where(
                    AppSession.token_hash == _hash(token), AppSession.ended_at.is_(None)
                )
            )
        _end(connection, found, username, reason, now)


def _end(
    connection: Connection, session_id: int | None, username: str, reason: str, now: dt.datetime
) -> None:
    if session_id is not None:
        connection.execute(update(AppSession).where(AppSession.id == session_id).values(ended_at=now))
    record(connection, username, Event("sign_out", username, after={"reason": reason}), now)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
