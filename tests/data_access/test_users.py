"""Users, roles in regions and signing in (data_access/users.py), on both databases, over
the regions of tests/fixture_users.py.  Lock-out: 5 wrong passwords in a row lock an
account for 15 minutes (oversight/sign_in.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select

from data_access import users
from data_access.models import AppUser, AuditEvent, RoleGrant
from oversight.access import Scope
from tests.fixture_users import load_regions

NOW = dt.datetime(2026, 3, 2, 9, 0, 0)
PASSWORD = "correct-horse"
"""13 characters: above the rule's 10."""


@pytest.fixture
def regions(engine):
    return load_regions(engine)


def exactly(message: str) -> str:
    return f"^{re.escape(message)}$"


def audit_rows(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                select(AuditEvent.username, AuditEvent.kind, AuditEvent.subject, AuditEvent.after).order_by(
                    AuditEvent.id
                )
            )
        ]


def add(engine: Engine, username: str, password: str | None = PASSWORD) -> None:
    with engine.begin() as connection:
        users.add_user(connection, username, password, "管理员", NOW)


def grant(engine: Engine, username: str, role: str, region) -> None:
    with engine.begin() as connection:
        users.grant_role(connection, username, role, region, "管理员", NOW)


def stored(engine: Engine, username: str):
    with engine.connect() as connection:
        return connection.execute(
            select(AppUser.failed_attempts, AppUser.locked_until, AppUser.password_hash).where(
                AppUser.username == username
            )
        ).one()


def test_the_fifth_wrong_password_locks_for_15_minutes_then_the_lock_lifts(engine, regions):
    add(engine, "wang")
    for minute in range(4):
        attempt = users.authenticate(engine, "wang", "wrong-password", NOW + dt.timedelta(minutes=minute))
        assert (attempt.outcome, attempt.locked_until) == ("wrong", None)
    assert stored(engine, "wang").failed_attempts == 4
    fifth = users.authenticate(engine, "wang", "wrong-password", dt.datetime(2026, 3, 2, 9, 4))
    assert (fifth.outcome, fifth.locked_until) == ("locked", dt.datetime(2026, 3, 2, 9, 19))
    # Locked: even the right password is refused, until 9:19 and not a second longer.
    during = users.authenticate(engine, "wang", PASSWORD, dt.datetime(2026, 3, 2, 9, 18, 59))
    assert (during.outcome, during.locked_until) == ("locked", dt.datetime(2026, 3, 2, 9, 19))
    assert users.authenticate(engine, "wang", PASSWORD, dt.datetime(2026, 3, 2, 9, 19)).outcome == "ok"
    assert stored(engine, "wang")[:2] == (0, None)
    kinds = [row[1] for row in audit_rows(engine) if row[2] == "wang"]
    assert kinds == ["user_added", *["sign_in_failed"] * 5, "sign_in_locked", "sign_in"]
    failures = [row[3] for row in audit_rows(engine) if row[1] == "sign_in_failed"]
    assert failures == [f'{{"failures": {n}}}' for n in range(1, 6)]


def test_a_success_resets_the_count(engine, regions):
    add(engine, "wang")
    for _ in range(4):
        users.authenticate(engine, "wang", "wrong-password", NOW)
    assert users.authenticate(engine, "wang", PASSWORD, NOW).outcome == "ok"
    assert stored(engine, "wang").failed_attempts == 0
    # Four more wrong ones do not lock (4 in a row, not 8); the fifth does.
    for _ in range(4):
        assert users.authenticate(engine, "wang", "wrong-password", NOW).outcome == "wrong"
    assert users.authenticate(engine, "wang", "wrong-password", NOW).outcome == "locked"


def test_unknown_disabled_and_passwordless_users_are_all_wrong_with_an_audit_row_each(engine, regions):
    add(engine, "disabled")
    with engine.begin() as connection:
        users.disable_user(connection, "disabled", "管理员", NOW)
    add(engine, "oidc", password=None)
    before = len(audit_rows(engine))
    for name, password in (("nobody", PASSWORD), ("disabled", PASSWORD), ("oidc", "")):
        attempt = users.authenticate(engine, name, password, NOW)
        assert (attempt.outcome, attempt.locked_until) == ("wrong", None), name
    assert audit_rows(engine)[before:] == [
        ("nobody", "sign_in_failed", "nobody", None),
        ("disabled", "sign_in_failed", "disabled", None),
        ("oidc", "sign_in_failed", "oidc", None),
    ]


def test_a_hash_made_with_older_parameters_is_rehashed_at_the_next_sign_in(engine, regions, monkeypatch):
    add(engine, "wang")
    old = stored(engine, "wang").password_hash
    assert "t=3" in old  # argon2-cffi's default time cost when it was stored
    stronger = PasswordHasher(time_cost=4)
    monkeypatch.setattr(users, "_HASHER", stronger)
    assert users.authenticate(engine, "wang", PASSWORD, NOW).outcome == "ok"
    new = stored(engine, "wang").password_hash
    assert new != old and "t=4" in new
    assert stronger.verify(new, PASSWORD)
    # A wrong password never rehashes.
    assert users.authenticate(engine, "wang", "wrong-password", NOW).outcome == "wrong"
    assert stored(engine, "wang").password_hash == new


def test_the_password_is_never_stored_or_recorded(engine, regions):
    add(engine, "wang")
    with engine.begin() as connection:
        users.set_password(connection, "wang", "another-secret-1", "管理员", NOW)
    users.authenticate(engine, "wang", "wrong-guess-77", NOW)
    with engine.connect() as connection:
        everything = " ".join(
            str(value)
            for table in (AppUser, AuditEvent)
            for row in connection.execute(select(table))
            for value in row
        )
    for secret in (PASSWORD, "another-secret-1", "wrong-guess-77"):
        assert secret not in everything


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "密码不能为空"), ("   ", "密码不能为空"), ("123456789", "密码太短：至少 10 个字符，现为 9 个")],
)
def test_an_empty_or_short_password_is_refused(engine, regions, password, message):
    with pytest.raises(users.UserError, match=exactly(message)), engine.begin() as connection:
        users.add_user(connection, "wang", password, "管理员", NOW)
    add(engine, "li")
    with pytest.raises(users.UserError, match=exactly(message)), engine.begin() as connection:
        users.set_password(connection, "li", password, "管理员", NOW)
    assert [row[2] for row in audit_rows(engine)] == ["li"]


def test_a_new_password_lifts_the_lock(engine, regions):
    add(engine, "wang")
    for _ in range(5):
        users.authenticate(engine, "wang", "wrong-password", NOW)
    with engine.begin() as connection:
        users.set_password(connection, "wang", "a-new-password", "管理员", NOW)
    assert stored(engine, "wang")[:2] == (0, None)
    assert users.authenticate(engine, "wang", "a-new-password", NOW).outcome == "ok"


def test_scope_of_a_user_with_grants_in_several_regions(engine, regions):
    """A county office in 甲区, the clerk of 乙区's U21 and the leader of 他市."""
    add(engine, "many")
    grant(engine, "many", "county", regions["D1"])
    grant(engine, "many", "clerk", regions["U21"])
    grant(engine, "many", "leader", regions["C2"])
    scope = users.scope_of(engine, "many")
    assert scope.user == "many" and not scope.everything
    assert [(g.role, g.region.code) for g in scope.grants] == [
        ("county", "D1"),
        ("clerk", "U21"),
        ("leader", "C2"),
    ]
    place = regions.__getitem__
    expected_read = {"P": False, "C": False, "D1": True, "U11": True, "U12": True, "D2": False, "U21": True}
    expected_read |= {"C2": True, "E1": True, "V1": True}
    assert {code: scope.allows("read", place(code)) for code in expected_read} == expected_read
    assert scope.allows("read", None) is False
    # Moves: the county office's in 甲区 only (a clerk and a leader move nothing).
    assert [code for code in regions if scope.allows("move", place(code))] == ["D1", "U11", "U12"]
    # Submitting: 甲区's streets as its county office, U21 as its clerk; nothing in 他市.
    assert [code for code in regions if scope.allows("submit", place(code))] == ["D1", "U11", "U12", "U21"]
    assert scope.can("review_county") and not scope.can("review_city")
    assert [p.code for p in scope.places("read")] == ["D1", "U21", "C2"]


def test_a_disabled_or_unknown_user_has_an_empty_scope(engine, regions):
    add(engine, "wang")
    grant(engine, "wang", "staff", regions["C"])
    assert users.scope_of(engine, "wang").allows("read", regions["U11"])
    with engine.begin() as connection:
        users.disable_user(connection, "wang", "管理员", NOW)
    assert users.scope_of(engine, "wang") == Scope("wang")
    assert users.scope_of(engine, "nobody") == Scope("nobody")


@pytest.mark.parametrize(
    ("role", "code", "message"),
    [
        ("county", "C", "角色“区县安委办”只能授予县级地区，测试市是市级地区"),
        ("clerk", "D1", "角色“街道（乡镇）填报员”只能授予街道乡镇地区，甲区是县级地区"),
        ("staff", "P", "角色“市局工作人员”只能授予市级地区，测试省是省级地区"),
        ("leader", "D1", "角色“市领导”只能授予省级或市级地区，甲区是县级地区"),
    ],
)
def test_a_role_at_a_level_it_is_not_granted_at_is_refused(engine, regions, role, code, message):
    add(engine, "wang")
    with pytest.raises(users.UserError, match=exactly(message)):
        grant(engine, "wang", role, regions[code])
    with engine.connect() as connection:
        assert connection.scalar(select(RoleGrant.id)) is None
    assert [row[1] for row in audit_rows(engine)] == ["user_added"]


def test_a_role_is_granted_once_and_revoked_with_an_audit_row(engine, regions):
    add(engine, "wang")
    grant(engine, "wang", "county", regions["D1"])
    with pytest.raises(users.UserError, match=exactly("用户“wang”已在甲区拥有角色“区县安委办”")):
        grant(engine, "wang", "county", regions["D1"])
    with engine.begin() as connection:
        users.revoke_role(connection, "wang", "county", regions["D1"], "管理员", dt.datetime(2026, 3, 3))
    assert users.scope_of(engine, "wang").grants == ()
    with engine.connect() as connection:
        last = connection.execute(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.at, last.username, last.kind, last.subject, last.region_id, last.before, last.after) == (
        dt.datetime(2026, 3, 3),
        "管理员",
        "role_revoked",
        "wang",
        regions["D1"].id,
        '{"region": "D1", "role": "county"}',
        None,
    )
    refusal = exactly("用户“wang”在甲区没有角色“区县安委办”，无可收回")
    with pytest.raises(users.UserError, match=refusal), engine.begin() as connection:
        users.revoke_role(connection, "wang", "county", regions["D1"], "管理员", NOW)


def test_names_and_emails_are_unique(engine, regions):
    with engine.begin() as connection:
        users.add_user(connection, "wang", PASSWORD, "管理员", NOW, email="Wang@example.cn")
    with pytest.raises(users.UserError, match=exactly("用户名“wang”已存在")), engine.begin() as connection:
        users.add_user(connection, "wang", PASSWORD, "管理员", NOW)
    refusal = exactly("电子邮箱“wang@EXAMPLE.cn”已属于另一个用户")
    with pytest.raises(users.UserError, match=refusal), engine.begin() as connection:
        users.add_user(connection, "li", PASSWORD, "管理员", NOW, email="wang@EXAMPLE.cn")
    assert users.user_by_email(engine, "WANG@example.cn") == "wang"


ADMIN_ENV = {
    "OVERSIGHT_ADMIN_USER": "root",
    "OVERSIGHT_ADMIN_PASSWORD": "first-admin-pw",
    "OVERSIGHT_ADMIN_REGION": "测试市",
}


def test_the_first_admin_is_made_from_the_environment_only_while_there_is_no_user(engine, regions):
    assert users.first_admin(engine, {}, NOW) is None
    assert users.first_admin(engine, ADMIN_ENV, NOW) == "root"
    scope = users.scope_of(engine, "root")
    assert [(g.role, g.region.code) for g in scope.grants] == [("admin", "C")]
    assert users.authenticate(engine, "root", "first-admin-pw", NOW).outcome == "ok"
    assert [row[:3] for row in audit_rows(engine)[:2]] == [
        ("OVERSIGHT_ADMIN_USER", "user_added", "root"),
        ("OVERSIGHT_ADMIN_USER", "role_granted", "root"),
    ]
    # The next start, with another password or name in the environment, changes nothing.
    assert (
        users.first_admin(engine, ADMIN_ENV | {"OVERSIGHT_ADMIN_PASSWORD": "changed-password"}, NOW) is None
    )
    assert users.first_admin(engine, ADMIN_ENV | {"OVERSIGHT_ADMIN_USER": "other"}, NOW) is None
    assert users.authenticate(engine, "root", "first-admin-pw", NOW).outcome == "ok"
    with engine.connect() as connection:
        assert connection.scalars(select(AppUser.username)).all() == ["root"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"OVERSIGHT_ADMIN_PASSWORD": ""}, "已设置 OVERSIGHT_ADMIN_USER，但未设置 OVERSIGHT_ADMIN_PASSWORD"),
        ({"OVERSIGHT_ADMIN_PASSWORD": "short"}, "密码太短：至少 10 个字符，现为 5 个"),
        ({"OVERSIGHT_ADMIN_REGION": ""}, "已设置 OVERSIGHT_ADMIN_USER，但未设置 OVERSIGHT_ADMIN_REGION"),
        ({"OVERSIGHT_ADMIN_REGION": "无此市"}, "OVERSIGHT_ADMIN_REGION 指定的地区“无此市”不在数据库中"),
        ({"OVERSIGHT_ADMIN_REGION": "甲区"}, "角色“系统管理员”只能授予省级或市级地区，甲区是县级地区"),
    ],
)
def test_a_first_admin_the_environment_gets_wrong_is_refused_and_nothing_written(
    engine, regions, change, message
):
    with pytest.raises(users.UserError, match=message):
        users.first_admin(engine, ADMIN_ENV | change, NOW)
    assert not users.has_users(engine)
    assert audit_rows(engine) == []
