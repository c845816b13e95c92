"""The sign-in's rules: how many wrong passwords lock an account, for how long, and how long
a session lasts without use.  Plain values and functions, read by ``data_access/users.py``
(which counts the failures in the database, so a lock holds across every server process)
and by the sign-in page (``ui/auth.py``)."""

from __future__ import annotations

import datetime as dt

MAX_FAILURES = 5
"""Wrong passwords in a row that lock an account."""

LOCK_MINUTES = 15
"""How long a lock lasts; the sign-in page says when it lifts."""

SESSION_MINUTES = 30
"""Minutes without a click after which a session ends and the user signs in again."""


def locked_until(failures: int, now: dt.datetime) -> dt.datetime | None:
    """When an account with ``failures`` wrong passwords in a row is unlocked again, or
    None while it is under the limit."""
    return now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None


def expired(last_seen: dt.datetime, now: dt.datetime) -> bool:
    """Whether a session last used at ``last_seen`` has run out."""
    return now - last_seen > dt.timedelta(minutes=SESSION_MINUTES)
