"""The audit page (审计日志) under AppTest, on a trail written by hand: who may open it,
what staff and administrators find, the search, the changes shown and the CSV."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from data_access.audit import Event, record_many
from data_access.regions import find_region
from data_access.users import add_user, grant_role
from tests.fixture_users import load_regions
from tests.pages.conftest import DASHBOARD, signed_in, url_of
from tests.signing import PASSWORD

PAGE = "pages/audit.py"
MADE = dt.datetime(2026, 11, 30, 9, 0)
"""When the fixture's users were made: their user_added and role_granted events."""


@pytest.fixture
def trail(engine):
    """The regions of tests/fixture_users.py, no programme (the page needs none, and a
    programme's fixture would write audit rows of its own, at the time the test runs).
    Three users made on 30 November (a staff member and an administrator in 测试市, the
    county office of 甲区), then four events: a sign-in (no region), a correction in U11
    (甲区), a stage move in U21 (乙区) and a report in U11 by a user named like a formula."""
    load_regions(engine)
    region = _ids(engine)
    with engine.begin() as connection:
        for username, role, code in (
            ("市局", "staff", "C"),
            ("管理员", "admin", "C"),
            ("区县", "county", "D1"),
        ):
            add_user(connection, username, PASSWORD, "测试", MADE)
            grant_role(connection, username, role, find_region(engine, code), "测试", MADE)
        record_many(connection, "张三", [Event("sign_in", "张三")], dt.datetime(2026, 12, 1, 9, 5))
        record_many(
            connection,
            "张三",
            [
                Event(
                    "report_corrected",
                    "U11 2020-11",
                    region["U11"],
                    before={"drills": 1, "note": "初报"},
                    after={"drills": 2, "note": "初报"},
                )
            ],
            dt.datetime(2026, 12, 2, 10, 30),
        )
        record_many(
            connection,
            "李四",
            [Event("stage_moved", "U21", region["U21"], after={"stage": "launched"})],
            dt.datetime(2026, 12, 3, 14, 0),
        )
        record_many(
            connection,
            "=HYPERLINK(1)",
            [Event("report_submitted", "U11 2020-12", region["U11"], after={"note": "+1"})],
            dt.datetime(2026, 12, 4, 8, 0),
        )
    return engine


def _ids(engine) -> dict[str, int]:
    return {code: find_region(engine, code).id for code in ("U11", "U21")}


def _open(engine, monkeypatch, username: str, **query) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url_of(engine))
    app = signed_in(AppTest.from_file(DASHBOARD, default_timeout=60), username)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _rows(app: AppTest) -> list[list[str]]:
    (grid,) = app.dataframe
    return grid.value.values.tolist()


def test_staff_see_their_regions_events_newest_first_without_sign_ins(trail, monkeypatch):
    app = _open(trail, monkeypatch, "市局")
    assert app.title[0].value == "审计日志"
    assert _rows(app) == [
        ["2026年12月4日 08:00", "=HYPERLINK(1)", "报送月报", "U11 2020-12", "街道U11", "note: +1"],
        ["2026年12月3日 14:00", "李四", "阶段变更", "U21", "街道U21", "stage: launched"],
        ["2026年12月2日 10:30", "张三", "更正月报", "U11 2020-11", "街道U11", "drills: 1 → 2"],
        # The grants are in 测试市 and 甲区; the users' additions are about no region.
        ["2026年11月30日 09:00", "测试", "授予角色", "区县", "甲区", "region: D1；role: county"],
        ["2026年11月30日 09:00", "测试", "授予角色", "管理员", "测试市", "region: C；role: admin"],
        ["2026年11月30日 09:00", "测试", "授予角色", "市局", "测试市", "region: C；role: staff"],
    ]
    assert "共 6 条记录，最新的在前。" in [c.value for c in app.caption]


def test_administrators_also_see_events_about_no_region(trail, monkeypatch):
    app = _open(trail, monkeypatch, "管理员")
    rows = _rows(app)
    # The staff's six, the sign-in and the three users' additions.
    assert len(rows) == 10
    assert rows[3] == ["2026年12月1日 09:05", "张三", "登录", "张三", "", ""]
    assert rows[-1] == ["2026年11月30日 09:00", "测试", "新增用户", "市局", "", "email: —；username: 市局"]


def test_the_search_by_user_kind_dates_and_region(trail, monkeypatch):
    app = _open(trail, monkeypatch, "市局")
    app.text_input(key="audit-user").input("张三").run()
    assert [row[0] for row in _rows(app)] == ["2026年12月2日 10:30"]
    app.text_input(key="audit-user").input("").run()
    app.multiselect(key="audit-kinds").select("stage_moved").run()
    assert [row[3] for row in _rows(app)] == ["U21"]
    app.multiselect(key="audit-kinds").unselect("stage_moved").run()
    app.date_input(key="audit-since").set_value(dt.date(2026, 12, 3)).run()
    app.date_input(key="audit-until").set_value(dt.date(2026, 12, 3)).run()
    assert [row[3] for row in _rows(app)] == ["U21"]
    app.date_input(key="audit-since").set_value(None).run()
    app.date_input(key="audit-until").set_value(None).run()
    app.selectbox(key="audit-region").select("D1").run()
    assert [row[3] for row in _rows(app)] == ["U11 2020-12", "U11 2020-11", "区县"]


def test_an_end_before_the_start_is_named(trail, monkeypatch):
    app = _open(trail, monkeypatch, "市局")
    app.date_input(key="audit-since").set_value(dt.date(2026, 12, 3)).run()
    app.date_input(key="audit-until").set_value(dt.date(2026, 12, 2)).run()
    assert [e.value for e in app.error] == [
        "截止日期（2026年12月2日）早于起始日期（2026年12月3日），请改正。"
    ]


def test_the_page_in_english(trail, monkeypatch):
    app = _open(trail, monkeypatch, "市局", lang="en")
    assert app.title[0].value == "Audit trail"
    (grid,) = app.dataframe
    assert grid.value.columns.tolist() == ["Time", "User", "Event", "Subject", "Region", "Before → after"]
    assert grid.value.values.tolist()[2] == [
        "2 Dec 2026 10:30",
        "张三",
        "Report corrected",
        "U11 2020-11",
        "街道U11",
        "drills: 1 → 2",
    ]


def test_a_county_office_is_not_offered_the_page(trail, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", url_of(trail))
    app = signed_in(AppTest.from_file(DASHBOARD, default_timeout=60), "区县").run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)
