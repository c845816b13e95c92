"""Users, their roles in regions, and signing in, as the database holds them.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second
recommendation) and only the hash is stored; no function here logs or returns a password.
Failures and the lock are counted in ``app_user``, so a lock holds across every server
process; every attempt, refused or not, leaves an audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access.audit import Event, record
from data_access.database import read_frame, read_rows
from data_access.models import AppUser, Region, RoleGrant
from data_access.regions import RegionRef, find_region, region_by_id
from oversight.access import ROLES, Grant, Scope
from oversight.i18n import translate
from oversight.sign_in import locked_until, password_problem

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
    """The argon2id hash of a new password; refuses one the rule
    (:func:`oversight.sign_in.password_problem`) does not allow."""
    problem = password_problem(password)
    if problem:
        raise UserError(problem)
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
    if email and connection.scalar(
        select(AppUser.username).where(func.lower(AppUser.email) == email.lower())
    ):
        raise UserError(f"电子邮箱“{email}”已属于另一个用户")
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
    check_grantable(role, region)
    user_id = _user_id(connection, username)
    if _grant_id(connection, user_id, role, region) is not None:
        raise UserError(f"用户“{username}”已在{region.name_zh}拥有角色“{_role_name(role)}”")
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


def check_grantable(role: str, region: RegionRef) -> None:
    """Refuse a role that does not exist or is not granted at the region's level (a county
    office in a city); the command line asks before it prompts for a password."""
    if role not in ROLES:
        raise UserError(f"角色“{role}”不存在，可选：{'、'.join(ROLES)}")
    if region.level not in ROLES[role].levels:
        levels = "或".join(_level_name(level) for level in ROLES[role].levels)
        raise UserError(
            f"角色“{_role_name(role)}”只能授予{levels}地区，{region.name_zh}是{_level_name(region.level)}地区"
        )


def revoke_role(
    connection: Connection, username: str, role: str, region: RegionRef, by: str, now: dt.datetime
) -> None:
    """Take a role in a region away from a user; it counts at the user's next click."""
    grant_id = _grant_id(connection, _user_id(connection, username), role, region)
    if grant_id is None:
        raise UserError(f"用户“{username}”在{region.name_zh}没有角色“{_role_name(role)}”，无可收回")
    connection.execute(delete(RoleGrant).where(RoleGrant.id == grant_id))
    record(
        connection,
        by,
        Event("role_revoked", username, region.id, before={"role": role, "region": region.code}),
        now,
    )


def _role_name(role: str) -> str:
    return translate(f"role.{role}", "zh")


def _level_name(level: str) -> str:
    return translate(f"intake.setup.level.{level}", "zh")


def granted(connection: Connection, username: str) -> set[tuple[str, int]]:
    """The (role, region id) pairs a user holds."""
    rows = connection.execute(
        select(RoleGrant.role, RoleGrant.region_id)
        .join(AppUser, AppUser.id == RoleGrant.user_id)
        .where(AppUser.username == username)
    )
    return {(row.role, row.region_id) for row in rows}


def _grant_id(connection: Connection, user_id: int, role: str, region: RegionRef) -> int | None:
    return connection.scalar(
        select(RoleGrant.id).where(
            RoleGrant.user_id == user_id, RoleGrant.role == role, RoleGrant.region_id == region.id
        )
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
    if connection.scalar(select(AppUser.disabled).where(AppUser.username == username)):
        raise UserError(f"用户“{username}”已停用")
    connection.execute(update(AppUser).where(AppUser.username == username).values(disabled=True))
    record(
        connection,
        by,
        Event("user_disabled", username, before={"disabled": False}, after={"disabled": True}),
        now,
    )


def has_users(engine: Engine) -> bool:
    """Whether the database holds any user (a real deployment's first start has none)."""
    return bool(read_rows(engine, select(func.count()).select_from(AppUser))[0][0])


ADMIN_USER = "OVERSIGHT_ADMIN_USER"
ADMIN_PASSWORD = "OVERSIGHT_ADMIN_PASSWORD"
ADMIN_REGION = "OVERSIGHT_ADMIN_REGION"
"""The environment that makes a real deployment's first administrator (docs/access.md)."""


def first_admin(engine: Engine, environ: Mapping[str, str], now: dt.datetime) -> str | None:
    """Create the administrator the environment names, if it names one and the database
    holds no user yet; never touch an existing user.  Returns the username created.

    Read once when the dashboard makes its engine and by ``python -m oversight init``.  The
    region (a province or city, by code or name) must already be in the database: a new
    city's regions come from its setup workbook (``python -m oversight import``).
    """
    username = environ.get(ADMIN_USER, "").strip()
    if not username or has_users(engine):
        return None
    password = environ.get(ADMIN_PASSWORD, "")
    if not password:
        raise UserError(f"已设置 {ADMIN_USER}，但未设置 {ADMIN_PASSWORD}：首个管理员须有密码")
    where = environ.get(ADMIN_REGION, "").strip()
    if not where:
        raise UserError(
            f"已设置 {ADMIN_USER}，但未设置 {ADMIN_REGION}：请给出管理员所管的省或市（名称或编码）"
        )
    region = find_region(engine, where)
    if region is None:
        raise UserError(
            f"{ADMIN_REGION} 指定的地区“{where}”不在数据库中：请先用 python -m oversight import 导入设置工作簿"
        )
    try:
        with engine.begin() as connection:
            add_user(connection, username, password, ADMIN_USER, now)
            grant_role(connection, username, "admin", region, ADMIN_USER, now)
    except IntegrityError:
        if has_users(engine):  # another server process made it first
            return None
        raise
    return username


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
