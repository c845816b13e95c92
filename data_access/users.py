"""Users, their roles in regions, and signing in, as the database holds them.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second
recommendation) and only the hash is stored; no function here logs or returns a password.
Failures and the lock are counted in ``app_user``, so a lock holds across every server
process; every attempt, refused or not, leaves an audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, func, insert, select, update

from data_access.audit import Event, record
from data_access.database import read_frame, read_rows
from data_access.models import AppUser, Region, RoleGrant
from data_access.regions import RegionRef, region_by_id
from oversight.access import ROLES, Grant, Scope
from oversight.sign_in import locked_until

_HASHER = PasswordHasher()

_UNKNOWN_HASH = _HASHER.hash("没有这个用户")
"""Verified against when the username is unknown, so a wrong name takes as long as a wrong
password and the time of an answer does not tell which names exist."""


class UserError(ValueError):
    """A user change the rules refuse (an unknown user or region, a role not grantable at a
    region's level, a name taken); the message is Chinese and says what and where."""


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: ``ok``, ``wrong`` (unknown user, wrong password or a
    disabled account: the page says the same for all three), or ``locked`` until
    ``locked_until``."""

    outcome: str
    username: str
    locked_until: dt.datetime | None = None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def add_user(
    connection: Connection,
    username: str,
    password: str | None,
    by: str,
    now: dt.datetime,
    *,
    email: str | None = None,
    display_name: str | None = None,
    demo: bool = False,
) -> int:
    """Create a user (with no role yet) in the caller's transaction; refuse a name taken."""
    if not username.strip() or len(username) > 60:
        raise UserError(f"用户名“{username[:60]}”无效：须为1至60个字符")
    if connection.scalar(select(AppUser.id).where(AppUser.username == username)) is not None:
        raise UserError(f"用户名“{username}”已存在")
    user_id = connection.scalar(
        insert(AppUser)
        .values(
            username=username,
            display_name=display_name,
            email=email,
            password_hash=None if password is None else hash_password(password),
            disabled=False,
            demo=demo,
            failed_attempts=0,
            created_at=now,
            password_changed_at=None if password is None else now,
        )
        .returning(AppUser.id)
    )
    record(connection, by, Event("user_added", username, after={"username": username, "email": email}), now)
    return user_id


def grant_role(
    connection: Connection, username: str, role: str, region: RegionRef, by: str, now: dt.datetime
) -> None:
    """Give a user a role in a region; the role must be grantable at the region's level."""
    if role not in ROLES:
        raise UserError(f"角色“{role}”不存在，可选：{'、'.join(ROLES)}")
    if region.level not in ROLES[role].levels:
        raise UserError(
            f"角色 {role} 只能授予{'、'.join(ROLES[role].levels)}级地区，{region.name_zh}是{region.level}级"
        )
    user_id = _user_id(connection, username)
    connection.execute(
        insert(RoleGrant).values(
            user_id=user_id, role=role, region_id=region.id, granted_at=now, granted_by=by
        )
    )
    record(
        connection,
        by,
        Event("role_granted", username, region.id, after={"role": role, "region": region.code}),
        now,
    )


def set_password(connection: Connection, username: str, password: str, by: str, now: dt.datetime) -> None:
    """Replace a password and lift any lock."""
    _user_id(connection, username)
    connection.execute(
        update(AppUser)
        .where(AppUser.username == username)
        .values(
            password_hash=hash_password(password),
            password_changed_at=now,
            failed_attempts=0,
            locked_until=None,
        )
    )
    record(connection, by, Event("password_reset", username), now)


def disable_user(connection: Connection, username: str, by: str, now: dt.datetime) -> None:
    """Disable a user: it can no longer sign in; its history and audit rows stay."""
    _user_id(connection, username)
    connection.execute(update(AppUser).where(AppUser.username == username).values(disabled=True))
    record(
        connection,
        by,
        Event("user_disabled", username, before={"disabled": False}, after={"disabled": True}),
        now,
    )


def _user_id(connection: Connection, username: str) -> int:
    found = connection.scalar(select(AppUser.id).where(AppUser.username == username))
    if found is None:
        raise UserError(f"用户“{username[:60]}”不存在")
    return found


def authenticate(engine: Engine, username: str, password: str, now: dt.datetime) -> SignIn:
    """Check a password, count a failure toward the lock, and record the attempt."""
    name = username.strip()[:60]
    with engine.begin() as connection:
        row = connection.execute(
            select(
                AppUser.id,
                AppUser.password_hash,
                AppUser.disabled,
                AppUser.failed_attempts,
                AppUser.locked_until,
            )
            .where(AppUser.username == name)
            .with_for_update()
        ).first()
        if row is not None and row.locked_until is not None and row.locked_until > now:
            record(connection, name, Event("sign_in_locked", name), now)
            return SignIn("locked", name, row.locked_until)
        if row is None or row.password_hash is None or row.disabled:
            _verify(_UNKNOWN_HASH, password)
            record(connection, name or "?", Event("sign_in_failed", name or "?"), now)
            return SignIn("wrong", name)
        if not _verify(row.password_hash, password):
            failures = row.failed_attempts + 1
            until = locked_until(failures, now)
            connection.execute(
                update(AppUser)
                .where(AppUser.id == row.id)
                .values(failed_attempts=0 if until else failures, locked_until=until)
            )
            record(connection, name, Event("sign_in_failed", name, after={"failures": failures}), now)
            return SignIn("locked", name, until) if until else SignIn("wrong", name)
        values: dict = {"failed_attempts": 0, "locked_until": None}
        if _HASHER.check_needs_rehash(row.password_hash):
            values["password_hash"] = hash_password(password)
        connection.execute(update(AppUser).where(AppUser.id == row.id).values(values))
        record(connection, name, Event("sign_in", name), now)
        return SignIn("ok", name)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def scope_of(engine: Engine, username: str) -> Scope:
    """The user's scope: every role it holds, in its region (none if disabled or unknown)."""
    rows = read_rows(
        engine,
        select(RoleGrant.role, RoleGrant.region_id)
        .join(AppUser, AppUser.id == RoleGrant.user_id)
        .where(AppUser.username == username, AppUser.disabled.is_(False))
        .order_by(RoleGrant.id),
    )
    grants = []
    for row in rows:
        region = region_by_id(engine, row.region_id)
        if region is not None:
            grants.append(Grant(row.role, region))
    return Scope(username, tuple(grants))


def user_by_email(engine: Engine, email: str) -> str | None:
    """The username an OIDC sign-in's e-mail maps to (enabled users only)."""
    rows = read_rows(
        engine,
        select(AppUser.username).where(
            func.lower(AppUser.email) == email.lower(), AppUser.disabled.is_(False)
        ),
    )
    return rows[0].username if rows else None


def users(engine: Engine) -> pd.DataFrame:
    """Every user with its roles, for ``user list``.

    Columns: username, display_name, email, disabled, demo, locked_until, role, region_code, region_zh
    (one row per role; a user without a role has one row with none).
    """
    return read_frame(
        engine,
        select(
            AppUser.username,
            AppUser.display_name,
            AppUser.email,
            AppUser.disabled,
            AppUser.demo,
            AppUser.locked_until,
            RoleGrant.role,
            Region.code.label("region_code"),
            Region.name_zh.label("region_zh"),
        )
        .outerjoin(RoleGrant, RoleGrant.user_id == AppUser.id)
        .outerjoin(Region, Region.id == RoleGrant.region_id)
        .order_by(AppUser.username, RoleGrant.id),
    )


def demo_accounts(engine: Engine) -> pd.DataFrame:
    """The sample's demo accounts with their roles, for the sign-in page's list: none in a
    database without the sample (``app_user.demo``), so a real one never lists any.

    Columns: username, display_name, role, region_zh, region_en (one row per role and
    region, in the order the accounts and their grants were made).
    """
    return read_frame(
        engine,
        select(
            AppUser.username,
            AppUser.display_name,
            RoleGrant.role,
            Region.name_zh.label("region_zh"),
            Region.name_en.label("region_en"),
        )
        .join(RoleGrant, RoleGrant.user_id == AppUser.id)
        .join(Region, Region.id == RoleGrant.region_id)
        .where(AppUser.demo.is_(True), AppUser.disabled.is_(False))
        .order_by(AppUser.id, RoleGrant.id),
    )


def display_name(engine: Engine, username: str) -> str:
    """The name the sidebar shows for a user: its display name, else its username."""
    rows = read_rows(engine, select(AppUser.display_name).where(AppUser.username == username))
    return (rows[0].display_name if rows else None) or username
