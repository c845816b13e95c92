"""Each role's part of the app under AppTest: its pages, its choosers, a tampered link
refused naming nothing, and the overview of a county office.

Users and what each reads: tests/fixture_scoping.py; figures: tests/fixture_programme.py.
"""

from __future__ import annotations

import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from data_access.users import scope_of
from tests.fixture_scoping import OTHER_CITY, OTHER_COUNTY, OTHER_UNIT, add_other_city, add_users
from tests.pages.conftest import open_app, open_page, url_of
from ui.frame import PAGES, may_see

READ_PAGES = ["overview", "district", "heatmap", "community", "reporting"]


@pytest.fixture
def scoped(programme_engine) -> str:
    add_other_city(programme_engine)
    add_users(programme_engine)
    return url_of(programme_engine)


def text_of(app: AppTest) -> str:
    """Everything the run drew, main area and sidebar, as text: each element's message
    (labels, options, bodies) and each table's cells."""
    parts = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
        value = getattr(node, "value", None) if type(node).__name__ in ("Dataframe", "Table") else None
        if value is not None:
            parts.append(value.to_string() if hasattr(value, "to_string") else str(value))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return "\n".join(parts)


def _scripts(engine, user: str) -> list[str]:
    scope = scope_of(engine, user)
    return [
        script.removeprefix("pages/").removesuffix(".py")
        for script, *_, needs in PAGES
        if may_see(needs, scope)
    ]


def test_each_role_sees_only_the_pages_it_can_use(programme_engine):
    add_users(programme_engine)
    assert _scripts(programme_engine, "clerk") == ["community", "reporting", "intake"]
    assert _scripts(programme_engine, "county") == [*READ_PAGES, "intake"]
    assert _scripts(programme_engine, "leader") == [*READ_PAGES, "circular", "archive"]
    assert _scripts(programme_engine, "viewer") == [*READ_PAGES, "circular", "archive"]
    assert _scripts(programme_engine, "staff") == [*READ_PAGES, "intake", "circular", "archive", "audit"]
    assert _scripts(programme_engine, "admin") == ["audit"]


def test_the_city_leader_chooses_among_its_city_and_all_its_counties(scoped, monkeypatch):
    app = open_app(monkeypatch, scoped, as_user="leader")
    assert app.selectbox(key="city").options == ["测试市"]
    assert app.selectbox(key="county").options == ["全部区县", "甲区", "乙区"]
    assert not app.selectbox(key="county").disabled
    assert app.selectbox(key="programme").options == ["全部方案", "全国安全社区 · 2020年"]
    assert OTHER_CITY not in text_of(app)


def test_a_province_leader_chooses_among_its_cities(scoped, monkeypatch):
    app = open_app(monkeypatch, scoped, as_user="province")
    assert app.selectbox(key="city").options == ["测试市", OTHER_CITY]


def test_a_county_office_is_locked_to_its_county(scoped, monkeypatch):
    app = open_app(monkeypatch, scoped, as_user="county")
    assert app.selectbox(key="city").options == ["测试市"]
    county = app.selectbox(key="county")
    assert county.options == ["甲区"] and county.disabled and county.value == "D1"
    assert app.selectbox(key="programme").options == ["全部方案", "全国安全社区 · 2020年"]
    assert "乙区" not in text_of(app)


def test_a_user_of_two_counties_chooses_between_them(scoped, monkeypatch):
    app = open_app(monkeypatch, scoped, as_user="two_counties")
    county = app.selectbox(key="county")
    assert county.options == ["甲区", "乙区"] and not county.disabled


def test_a_clerk_is_shown_its_own_unit_only(scoped, monkeypatch):
    app = open_app(monkeypatch, scoped, as_user="clerk")
    place = app.selectbox(key="place")
    assert place.options == ["街道U21"] and place.disabled
    assert not [box for box in app.selectbox if box.key == "county"]
    # Its first page is the community page, of its own unit, chosen at once.
    assert app.title[0].value == "社区详情" and app.header[0].value.startswith("街道U21")
    text = text_of(app)
    assert "街道U22" not in text and "甲区" not in text


def test_the_overview_of_a_county_office_counts_its_county_only(scoped, monkeypatch):
    app = open_app(monkeypatch, scoped, as_user="county")
    assert app.title[0].value == "甲区 目标完成情况"
    metrics = {m.label: m.value for m in app.metric}
    # December 2020, 甲区 only: five streets enrolled; U11, U12 launched; U11..U14 hold
    # national titles (U15's revoked); no November report; 60,000 yuan allocated and paid.
    assert metrics["参与创建单位"] == "5"
    assert metrics["已启动创建"] == "2"
    assert metrics["全国安全社区"] == "4"
    assert metrics["月报已报送"] == "0"
    assert metrics["缺报"] == "5"
    assert metrics["补助已下达（万元）"] == "6"
    assert metrics["补助已拨付（万元）"] == "6"
    assert "乙区" not in text_of(app)


@pytest.mark.parametrize(
    ("user", "query", "notice", "hidden"),
    [
        (
            "county",
            {"county": "D2"},
            "链接中的区县编码 D2 不存在或不在您的查看范围内，已改为显示甲区。",
            ["乙区", "District Two"],
        ),
        (
            "county",
            {"county": "Z1"},
            "链接中的区县编码 Z1 不存在或不在您的查看范围内，已改为显示甲区。",
            [OTHER_COUNTY, OTHER_CITY],
        ),
        (
            "leader",
            {"city": "Z"},
            "链接中的城市编码 Z 不存在或不在您的查看范围内，已改为显示 测试市。",
            [OTHER_CITY],
        ),
        (
            "leader",
            {"county": "Z1"},
            "链接中的区县编码 Z1 不存在或不在您的查看范围内，已改为显示全部区县。",
            [OTHER_COUNTY, OTHER_CITY],
        ),
        (
            "leader",
            {"programme": "ZP"},
            "链接中的方案编码 ZP 不存在或不在您的查看范围内，已改为显示全部方案。",
            ["远市方案", OTHER_CITY],
        ),
        (
            "clerk",
            {"place": "U22"},
            "链接中的街道（乡镇）编码 U22 不存在或不在您的查看范围内，已改为显示街道U21。",
            ["街道U22"],
        ),
    ],
)
def test_a_tampered_link_is_refused_naming_nothing(scoped, monkeypatch, user, query, notice, hidden):
    app = open_app(monkeypatch, scoped, as_user=user, **query)
    assert notice in [w.value for w in app.warning]
    text = text_of(app)
    assert [name for name in hidden if name in text] == []


def test_the_same_notice_for_a_code_that_does_not_exist(scoped, monkeypatch):
    app = open_app(monkeypatch, scoped, as_user="county", county="D9")
    assert "链接中的区县编码 D9 不存在或不在您的查看范围内，已改为显示甲区。" in [
        w.value for w in app.warning
    ]


@pytest.mark.parametrize(("user", "unit"), [("county", "U21"), ("county", "ZA"), ("clerk", "U11")])
def test_a_unit_outside_the_scope_in_the_community_link_is_refused_naming_nothing(
    scoped, monkeypatch, user, unit
):
    if user == "clerk":  # the community page is the clerk's first
        app = open_app(monkeypatch, scoped, as_user=user, unit=unit)
    else:
        app = open_page(monkeypatch, scoped, "pages/community.py", as_user=user, unit=unit)
    texts = [e.value for e in [*app.warning, *app.info, *app.error, *app.markdown]]
    assert any(f"链接中的社区编码 {unit} 不存在或不在您的查看范围内" in text for text in texts)
    assert f"街道{unit}" not in text_of(app) and OTHER_UNIT not in text_of(app)


def test_an_administrator_reads_no_page_of_the_programme(scoped, monkeypatch):
    """Its only page is the audit trail: no chooser of the programme's regions, no figure."""
    app = open_app(monkeypatch, scoped, as_user="admin")
    assert not app.error
    assert [title.value for title in app.title] == ["审计日志"]
    assert not app.sidebar.selectbox or [box.key for box in app.sidebar.selectbox] == ["lang"]


def _refusing_app() -> None:
    import streamlit as st

    from oversight.access import OutOfScope as Refused
    from ui.filters import Filters
    from ui.frame import run

    st.session_state["filters"] = Filters("zh", None, None)

    def page() -> None:
        st.write("乙区的数据")
        raise Refused("read")

    run(st.navigation([st.Page(page, title="x")]))


def test_a_read_refused_by_the_gate_shows_the_refusal_and_nothing_of_the_page():
    app = AppTest.from_function(_refusing_app).run()
    assert not app.exception
    assert [e.value for e in app.error] == ["您没有查看或办理这项内容的权限。如需权限，请联系系统管理员。"]
    assert "乙区" not in text_of(app)


@pytest.mark.parametrize(
    ("user", "script"),
    [
        *(("county", f"pages/{name}.py") for name in [*READ_PAGES, "intake"]),
        *(("clerk", f"pages/{name}.py") for name in ("community", "reporting", "intake")),
        *(("viewer", f"pages/{name}.py") for name in ("circular", "archive")),
    ],
)
def test_every_page_of_a_role_draws_without_a_refusal(scoped, monkeypatch, user, script):
    app = open_page(monkeypatch, scoped, script, as_user=user, month="2020-12")
    assert [e.value for e in app.error] == []
    assert app.title, script
