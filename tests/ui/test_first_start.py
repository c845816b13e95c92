"""The dashboard's first start (ui/data.py ``_engine``) of a real deployment: the
administrator the environment names is created, the sample is not (docs/access.md)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access import users
from data_access.engine import make_engine
from data_access.models import AppUser, Programme
from data_access.schema import initialise
from data_access.users import UserError
from tests.fixture_users import load_regions
from ui import data


@pytest.fixture
def regions_url(tmp_path):
    """A database that holds a city's regions (its setup workbook loaded), no user."""
    url = f"sqlite:///{tmp_path}/real.db"
    engine = make_engine(url)
    initialise(engine)
    load_regions(engine)
    engine.dispose()
    return url


def test_the_first_start_makes_the_administrator_and_no_sample(regions_url, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_ADMIN_USER", "root")
    monkeypatch.setenv("OVERSIGHT_ADMIN_PASSWORD", "first-admin-pw")
    monkeypatch.setenv("OVERSIGHT_ADMIN_REGION", "测试市")
    engine = data._engine(regions_url)
    assert [(g.role, g.region.code) for g in users.scope_of(engine, "root").grants] == [("admin", "C")]
    with engine.connect() as connection:
        assert connection.scalars(select(AppUser.username)).all() == ["root"]
        assert connection.scalar(select(Programme.id)) is None


def test_a_first_start_the_environment_gets_wrong_stops_with_what_to_fix(regions_url, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_ADMIN_USER", "root")
    monkeypatch.setenv("OVERSIGHT_ADMIN_PASSWORD", "first-admin-pw")
    monkeypatch.delenv("OVERSIGHT_ADMIN_REGION", raising=False)
    with pytest.raises(UserError, match="未设置 OVERSIGHT_ADMIN_REGION"):
        data._engine(regions_url)


def test_init_makes_the_administrator_too(regions_url, monkeypatch):
    from tests.commands.command import oversight

    monkeypatch.setenv("OVERSIGHT_ADMIN_USER", "root")
    monkeypatch.setenv("OVERSIGHT_ADMIN_PASSWORD", "first-admin-pw")
    monkeypatch.setenv("OVERSIGHT_ADMIN_REGION", "C")
    done = oversight(regions_url, "init")
    assert done.stdout.splitlines()[1] == "已按环境变量 OVERSIGHT_ADMIN_USER 新增首个管理员 root"
    again = oversight(regions_url, "init")
    assert len(again.stdout.splitlines()) == 1
    broken = oversight(regions_url.replace("real.db", "empty.db"), "init")
    assert (broken.returncode, broken.stderr.count("\n")) == (2, 1)
    assert "OVERSIGHT_ADMIN_REGION 指定的地区“C”不在数据库中" in broken.stderr
