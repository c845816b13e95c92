"""The demo accounts (sample_data/accounts.py) come with the sample and only with it: an
empty database gets both, a database with a user or a first administrator named in the
environment gets neither."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

import sample_data
from data_access import users
from data_access.engine import make_engine
from data_access.loading import ProgrammeData, RegionSpec, load_programme_data
from data_access.models import AppUser, AuditEvent, Programme
from sample_data.accounts import DEMO_PASSWORD, add_demo_accounts
from tests.conftest import copy_sample
from tests.fixture_users import load_regions
from tests.signing import TESTER

NOW = dt.datetime(2026, 3, 1)


def grants(engine, username: str) -> list[tuple[str, str]]:
    return [(g.role, g.region.name_zh) for g in users.scope_of(engine, username).grants]


def test_the_sample_holds_one_demo_account_per_role(sample_database, tmp_path):
    """The shared sample also holds the tests' own user (tests/signing.py), left out here."""
    engine = make_engine(copy_sample(sample_database, tmp_path))
    with engine.connect() as connection:
        accounts = connection.execute(
            select(AppUser.username, AppUser.demo)
            .where(AppUser.username != TESTER)
            .order_by(AppUser.username)
        ).all()
        added_by = set(
            connection.scalars(
                select(AuditEvent.username).where(
                    AuditEvent.kind == "user_added", AuditEvent.subject != TESTER
                )
            )
        )
    assert [tuple(a) for a in accounts] == [
        (name, True) for name in ("admin", "clerk", "county", "leader", "staff", "viewer")
    ]
    assert added_by == {"示例数据"}
    assert grants(engine, "leader") == [("leader", "石嘴山市"), ("leader", "石家庄市"), ("leader", "遂宁市")]
    assert grants(engine, "viewer") == [("viewer", "石家庄市")]
    assert grants(engine, "staff") == [("staff", "石家庄市")]
    assert grants(engine, "county") == [("county", "长安区")]
    assert grants(engine, "clerk") == [("clerk", "建北街道")]
    assert grants(engine, "admin") == [("admin", "石嘴山市"), ("admin", "石家庄市"), ("admin", "遂宁市")]
    assert all(users.authenticate(engine, name, DEMO_PASSWORD, NOW).outcome == "ok" for name, _ in accounts)
    engine.dispose()


def test_no_sample_where_a_user_exists(engine):
    load_regions(engine)
    with engine.begin() as connection:
        users.add_user(connection, "root", "a-real-password", "命令行", NOW)
    assert sample_data.ensure_sample(engine, {}) is False
    with engine.connect() as connection:
        assert connection.scalar(select(Programme.id)) is None
        assert connection.scalars(select(AppUser.username)).all() == ["root"]


def test_no_sample_where_the_environment_names_a_first_administrator(engine):
    assert sample_data.ensure_sample(engine, {"OVERSIGHT_ADMIN_USER": "root"}) is False
    with engine.connect() as connection:
        assert connection.scalar(select(Programme.id)) is None
        assert connection.scalar(select(AppUser.id)) is None


SUINING = [
    RegionSpec("510000", "四川省", "province", "province"),
    RegionSpec("510900", "遂宁市", "city", "city", "510000"),
]
SHIJIAZHUANG = [
    RegionSpec("130000", "河北省", "province", "province"),
    RegionSpec("130100", "石家庄市", "city", "city", "130000"),
    RegionSpec("130102", "长安区", "county", "district", "130100"),
    RegionSpec("130102001", "建北街道", "unit", "street", "130102"),
]


def test_accounts_follow_the_scenarios_loaded_and_leave_a_real_user_alone(engine):
    """Suining alone holds only the leader's and the administrator's regions; loading
    Shijiazhuang later adds the other four and the two first ones' grants there.  A user
    called ``viewer`` that is not a demo account is never touched."""
    load_programme_data(engine, ProgrammeData(regions=SUINING))
    with engine.begin() as connection:
        users.add_user(connection, "viewer", "a-real-password", "命令行", NOW)
    assert add_demo_accounts(engine, NOW) == ["leader", "admin"]
    assert grants(engine, "leader") == [("leader", "遂宁市")]
    load_programme_data(engine, ProgrammeData(regions=SHIJIAZHUANG))
    assert add_demo_accounts(engine, NOW) == ["staff", "county", "clerk"]
    assert grants(engine, "leader") == [("leader", "遂宁市"), ("leader", "石家庄市")]
    assert grants(engine, "admin") == [("admin", "遂宁市"), ("admin", "石家庄市")]
    assert grants(engine, "viewer") == []
    assert add_demo_accounts(engine, NOW) == []
    with engine.connect() as connection:
        demo = dict(connection.execute(select(AppUser.username, AppUser.demo)).all())
    assert demo == {
        "viewer": False,
        "leader": True,
        "admin": True,
        "staff": True,
        "county": True,
        "clerk": True,
    }


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_admin_variable_is_unset(engine, value, monkeypatch):
    """A blank OVERSIGHT_ADMIN_USER names no one: the rule reads it as unset."""
    monkeypatch.setattr(sample_data, "load_scenarios", lambda engine, names: {})
    monkeypatch.setattr(sample_data, "add_demo_accounts", lambda engine: [])
    assert sample_data.ensure_sample(engine, {"OVERSIGHT_ADMIN_USER": value}) is True
