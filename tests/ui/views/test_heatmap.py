"""The heatmap's view built without AppTest, on the hand-written programme of
tests/fixture_programme.py; the figures are those worked out by hand in
tests/pages/test_heatmap.py, here read from the view's fields.

In January 2020 only U11 has self-assessed: its corrected report grades item 1.1 C (0 of
100) and the other 44 items A, so indicator 1 = 5 × 100 / 6 = 83.33 and the composite
44 / 45 = 97.78.  The ``u12`` fixture adds U12's February report
(tests/fixture_programme.py's ``add_u12_february``: indicator 1 = 50, composite 93.33,
participation failed, satisfaction not met); U11's February is all A (100).
"""

from __future__ import annotations

import datetime as dt

import pytest

from data_access.loading import ProgrammeData, RegionSpec, load_programme_data
from tests.fixture_programme import add_u12_february
from tests.ui.views.conftest import call_view, filters, loaders
from ui.heatmap_tables import HeatmapView
from ui.views.heatmap import grids_view, heatmap_view, link_notices

JANUARY, FEBRUARY = dt.date(2020, 1, 1), dt.date(2020, 2, 1)


@pytest.fixture
def u12(programme_engine):
    add_u12_february(programme_engine)
    return programme_engine


def _view(engine, month, **options):
    return call_view(heatmap_view, engine, month, **options)


def _grids(engine, view, shown: HeatmapView | None = None):
    fetch, _ = loaders(engine)
    return grids_view(view, shown or HeatmapView(), fetch)


def _cells(grid):
    """The cells a grid chart draws, by row code and column."""
    return grid.chart.data.set_index(["code", "column"])


def test_january_figures_controls_and_unit_grid(programme_engine):
    view = _view(programme_engine, JANUARY)
    assert view.title == "测试市 指标热力图"
    assert view.halt is None and view.after_end is None
    assert view.figures == (("参创单位", 7), ("已自评", 1), ("自评早于本月", 0), ("硬性指标未达标", 0))
    assert view.controls.views == {"units": "单位 × 指标", "counties": "区县 × 指标（平均）"}
    assert list(view.controls.sorts)[:3] == ["score", "name", "1"]
    assert view.controls.sorts["1"] == "按指标 1（机构职责）"
    assert list(view.controls.details) == ["none", *[str(seq) for seq in range(1, 13)], "all"]
    assert view.violations.table is None
    assert view.violations.none_note == "截至 2020年1月，没有单位被判定为硬性指标未达标。"

    grids = _grids(programme_engine, view)
    ((grid),) = grids.grids
    assert (grid.name, grid.header, grid.selectable) == ("grid", "各单位一级指标得分", True)
    assert grids.select_hint == "点击热力图中的单元格，或在下方单位列表中选中一行，即可打开该单位详情。"
    u11 = _cells(grid).loc["U11"]
    assert round(u11.loc["1", "value"], 2) == 83.33
    assert u11.loc["total", "text"] == "97.8"
    assert u11.loc["info", "text"] == "2020.01"
    # U11 first (the only one assessed), then the six others by code.
    assert grids.codes == ("U11", "U12", "U13", "U14", "U15", "U21", "U22")
    assert grids.units.data.values.tolist()[0] == ["街道U11", "甲区", "2020年1月", "97.8", "1", "0"]


def test_hard_rules_not_met_and_a_view_sorted_by_indicator_lowest_first(u12):
    view = _view(u12, FEBRUARY)
    assert view.figures[-1] == ("硬性指标未达标", 2)
    violations = view.violations.table
    assert violations[["二级指标", "实际值", "判定"]].values.tolist() == [
        ["2.4", "25.0%", "不合格"],
        ["12.3", "70.0%", "未达要求"],
    ]
    assert set(violations["单位"]) == {"街道U12"}

    # The default view: composite best first, U11 (100) before U12 (93.33).
    assert _grids(u12, view).codes[:2] == ("U11", "U12")
    grids = _grids(u12, view, HeatmapView(sort="1", detail="1", lowest_first=True))
    grid, items = grids.grids
    # Indicator 1 lowest first: U12 (50) before U11 (100), in the grid, its items and the list.
    assert list(dict.fromkeys(grid.chart.data["code"])) == ["U12", "U11"]
    assert list(dict.fromkeys(items.chart.data["code"])) == ["U12", "U11"]
    assert (items.name, items.header, items.selectable) == (
        "items",
        "二级指标：1. 安全社区创建机构与职责",
        True,
    )
    assert _cells(items).loc[("U12", "1.1"), "text"] == "B"
    assert grids.codes[:2] == ("U12", "U11")
    assert grids.units.data["1 机构职责"].tolist()[:2] == ["50", "100"]
    assert _cells(grid).loc[("U12", "2"), "verdict"] == "不合格"


def test_county_view_averages_and_opens_no_unit(u12):
    view = _view(u12, FEBRUARY)
    grids = _grids(u12, view, HeatmapView(view="counties"))
    ((grid),) = grids.grids
    assert (grid.name, grid.header, grid.selectable) == ("counties", "各区县一级指标平均得分", False)
    assert grids.select_hint is None
    d1 = _cells(grid).loc["D1"]
    # D1: U11 and U12 of its five streets assessed; indicator 1 (100 + 50) / 2 = 75, the
    # composite (100 + 93.33) / 2 = 96.67.
    assert d1.loc["info", "text"] == "2/5"
    assert d1.loc["1", "value"] == 75.0
    assert d1.loc["total", "text"] == "96.7"
    assert _cells(grid).loc[("D2", "info"), "text"] == "0/2"


def test_a_county_whose_units_never_assessed_has_no_controls_or_grids(programme_engine):
    view = _view(programme_engine, dt.date(2020, 6, 1), county="D2")
    assert view.title == "乙区 指标热力图"
    assert view.controls is None
    assert view.no_assessments == "截至 2020年6月，乙区 的 2 个参创单位都还没有提交自评。"
    grids = _grids(programme_engine, view)
    assert grids.grids == () and grids.select_hint is None
    assert grids.codes == ("U21", "U22")


def test_the_page_halts_before_the_programme_and_without_units(programme_engine):
    view = _view(programme_engine, dt.date(2019, 8, 1))
    assert view.halt == (
        "所选月份 2019年8月 早于创建方案开始的 2020年1月，还没有自评可看。请选择 2020年1月 或之后的月份。"
    )
    load_programme_data(
        programme_engine,
        ProgrammeData(regions=[RegionSpec("D3", "丙区", "county", "district", "C", "District Three")]),
    )
    view = _view(programme_engine, dt.date(2020, 6, 1), county="D3", lang="en")
    assert view.halt == (
        "District Three has no unit enrolled in a programme. Choose another city, county or programme in the sidebar."
    )
    assert view.figures == () and view.controls is None


def test_after_the_programme_the_assessment_is_stale(programme_engine):
    view = _view(programme_engine, dt.date(2021, 3, 1), lang="en")
    assert view.after_end.startswith("The programme ended in Dec 2020")
    assert dict(view.figures)["Assessed before this month"] == 1


@pytest.mark.parametrize(
    ("rejected", "notice"),
    [
        ({"view": "map"}, "链接中的视图“map”不存在，已改为显示“单位 × 指标”。"),
        # A tampered value is cut at 20 characters.
        ({"sort": "x" * 25}, "链接中的排序“" + "x" * 20 + "…”不存在，已改为按综合得分排序。"),
    ],
)
def test_link_notices(programme_engine, rejected, notice):
    assert link_notices(filters(programme_engine, JANUARY), rejected) == (notice,)
