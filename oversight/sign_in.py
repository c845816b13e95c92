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

MIN_PASSWORD_LENGTH = 10
"""The shortest password a user may be given (``data_access/users.py`` refuses a shorter
one, whoever sets it: the command line, a page or the sample's demo accounts)."""


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, in Chinese, or None when it may be used."""
    if not password.strip():
        return "密码不能为空"
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码太短：至少 {MIN_PASSWORD_LENGTH} 个字符，现为 {len(password)} 个"
    return None


def locked_until(failures: int, now: dt.datetime) -> dt.datetime | None:
    """When an account with ``failures`` wrong passwords in a row is unlocked again, or
    None while it is under the limit."""
    return now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None


def expired(last_seen: dt.datetime, now: dt.datetime) -> bool:
    """Whether a session last used at ``last_seen`` has run out."""
    return now - last_seen > dt.timedelta(minutes=SESSION_MINUTES)
