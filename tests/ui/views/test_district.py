"""The district page's view, called directly on the hand fixtures (tests/fixture_programme.py
and tests/fixture_district.py); the figures are those worked out by hand in
tests/pages/test_district.py."""

import datetime as dt

import pytest

from tests.fixture_district import add_district_data
from tests.ui.views.conftest import call_view
from ui.views.district import Figure, district_view


@pytest.fixture
def district_engine(programme_engine):
    add_district_data(programme_engine)
    return programme_engine


def _view(engine, month, **options):
    return call_view(district_view, engine, month, **options)


def test_planned_stages_and_overdue_units(district_engine):
    view = _view(district_engine, dt.date(2021, 7, 1), county="D3")
    assert view.title == "丙区 创建进度"
    assert view.chooser is None
    assert view.figures == (
        Figure("参加创建的单位", "4 / 4"),
        Figure("已到命名阶段", "0"),
        Figure("逾期单位", "1"),
        Figure("已拨付补助（已下达 12万元）", "8万元"),
    )
    assert view.targets.data.values.tolist()[:2] == [
        ["PR T2\u3000各区1个", "2020年12月31日", "1", "0", "1", "—", "逾期未完成", "—"],
        ["PR T4\u3000各区1个试点", "2020年3月31日", "1", "0", "1", "—", "逾期未完成", "—"],
    ]
    (timeline,) = view.timelines
    assert timeline.no_plan is None
    # U33 never launched: the launch stage ended 01-31, 181 days before 07-31.
    assert timeline.overdue.values.tolist() == [["街道U33", "未启动", "推进实施", "2021年1月31日", "181"]]
    assert timeline.plan.values.tolist()[0] == [
        "1. 启动阶段",
        "2021年1月1日—2021年1月31日",
        "备案启动",
        "1",
        "1",
        "1",
        "0",
    ]
    assert view.subsidy.values.tolist()[-1] == [
        "合计",
        "12万元",
        "8万元",
        "2万元",
        "1.5万元",
        "66.7%",
        "100.0%",
    ]
    assert view.no_subsidy is None and view.subsidy_chart is not None


def test_first_district_has_no_plan_and_no_overdue_table(district_engine):
    view = _view(district_engine, dt.date(2020, 12, 1), county="D1")
    assert [figure.value for figure in view.figures] == ["5 / 5", "0", "0", "6万元"]
    (timeline,) = view.timelines
    assert timeline.no_plan == "测试方案 没有计划阶段，无法判定逾期；下面只显示各单位的阶段。"
    assert timeline.overdue is None and timeline.plan is None


def test_county_without_enrolled_units(district_engine):
    view = _view(district_engine, dt.date(2021, 7, 1), county="D4")
    assert [figure.value for figure in view.figures][:3] == ["0 / 1", "0", "0"]
    assert view.no_units == "丁区 没有单位参加任何创建方案，没有阶段进度可显示。"
    assert view.not_enrolled == "另有 1 个单位未参加任何创建方案：街道U41。"
    assert view.no_subsidy == "截至 2021年7月31日 没有下达给 丁区 或其单位的补助资金。"
    assert view.pipeline_chart is None and view.subsidy_chart is None and view.timelines == ()


def test_without_a_county_the_view_offers_the_city_counties(district_engine):
    view = _view(district_engine, dt.date(2021, 7, 1))
    assert view.title == "测试市 区县创建进度"
    assert view.chooser.choices == (
        ("D1", "甲区（5 个单位参加创建）"),
        ("D2", "乙区（2 个单位参加创建）"),
        ("D3", "丙区（4 个单位参加创建）"),
        ("D4", "丁区（0 个单位参加创建）"),
    )
