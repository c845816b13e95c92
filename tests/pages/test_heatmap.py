"""The indicator heatmap under AppTest; expected figures from tests/fixture_programme.py.

U11 is the only street that self-assessed: January 2020 (corrected: 1.1 = C → indicator 1
83.33, composite 97.78, one C item) and February (all A).  The ``more`` fixture adds
U12's February report: indicator 1's six items B (indicator 1 = 50, composite 93.33),
participation 25% (below the 30% fail line: failed) and satisfaction 70% (not above 80%,
not below 60%: not met).
"""

import json

import pyarrow as pa
import pytest
from sqlalchemy.engine import Engine

from data_access.loading import ProgrammeData, RegionSpec, load_programme_data
from oversight import catalogue
from tests.fixture_hard_rules import load_mid_year
from tests.fixture_programme import add_u12_february
from tests.pages.conftest import grids, open_page, url_of

PAGE = "pages/heatmap.py"
UNASSESSED = ["街道U12", "街道U13", "街道U14", "街道U15", "街道U21", "街道U22"]


def _charts(app) -> list[tuple[dict, "pa.Table"]]:
    """Each chart's spec and the cells it draws."""
    found = []
    for chart in app.get("vega_lite_chart"):
        cells = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
        found.append((json.loads(chart.proto.spec), cells))
    return found


def _metrics(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.fixture
def more(programme_engine) -> Engine:
    add_u12_february(programme_engine)
    return programme_engine


def test_units_by_indicator_in_january(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, month="2020-01")
    assert app.title[0].value == "测试市 指标热力图"
    assert _metrics(app) == {"参创单位": "7", "已自评": "1", "自评早于本月": "0", "硬性指标未达标": "0"}
    ((spec, cells),) = _charts(app)
    u11 = cells[cells["code"] == "U11"].set_index("column")
    assert u11.loc["info", "text"] == "2020.01"
    assert not u11.loc["info", "attention"]
    assert u11.loc["1", "text"] == "83" and round(u11.loc["1", "value"], 2) == 83.33
    assert (u11.loc[[str(seq) for seq in range(2, 13)], "value"] == 100).all()
    assert u11.loc["total", "text"] == "97.8"
    assert spec["params"][0]["name"] == "unit"
    (units,) = grids(app)
    assert units.values.tolist()[0] == ["街道U11", "甲区", "2020年1月", "97.8", "1", "0"]
    assert [row[0] for row in units.values.tolist()[1:]] == UNASSESSED
    assert {row[2] for row in units.values.tolist()[1:]} == {"未自评"}


def test_february_is_all_a_and_june_shows_the_stale_february(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, month="2020-02")
    cells = _charts(app)[0][1]
    assert set(cells[cells["kind"] == "score"]["value"]) == {100.0}
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, month="2020-06")
    assert _metrics(app)["自评早于本月"] == "1"
    info = _charts(app)[0][1].query("column == 'info'").iloc[0]
    assert (info["text"], bool(info["attention"])) == ("2020.02", True)
    # June ends the second quarter: none of the seven streets held an education event in
    # it, so each misses that rule (no one reported June's rates: those are not judged).
    assert _metrics(app)["硬性指标未达标"] == "7"
    violations = app.table[0].value
    (units,) = grids(app)
    assert set(violations["统计期"]) == {"2020年第2季度"}
    assert units.values.tolist()[0][2] == "2020年2月"


def test_english(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, month="2020-01", lang="en")
    assert app.title[0].value == "Test City: indicator heatmap"
    assert _metrics(app)["Self-assessed"] == "1"
    cells = _charts(app)[0][1]
    assert list(dict.fromkeys(cells["column_label"]))[:3] == ["Assessed", "1 Organisation", "2 Participation"]
    assert cells.query("column == 'info'")["text"].iloc[0] == "2020.01"
    (units,) = grids(app)
    assert list(units.columns) == ["Unit", "County", "Assessed", "Composite", "C items", "Hard rules"]
    assert units.values.tolist()[0] == ["街道U11", "District One", "Jan 2020", "97.8", "1", "0"]
    assert units.values.tolist()[1][2] == "not assessed"


def test_hard_rules_not_met_are_listed_and_framed(more, monkeypatch):
    app = open_page(monkeypatch, url_of(more), PAGE, month="2020-02")
    assert _metrics(app) == {"参创单位": "7", "已自评": "2", "自评早于本月": "0", "硬性指标未达标": "2"}
    # The violations are read whole: a static table, nothing cut or scrolled.
    violations = app.table[0].value
    (units,) = grids(app)
    assert violations.values.tolist() == [
        [
            "街道U12",
            "甲区",
            "重点项目相关人群参与度不少于50%，少于30%不合格",
            "2.4",
            "2020年2月",
            "25.0%",
            "不少于 50（低于 30 不合格）",
            "不合格",
        ],
        [
            "街道U12",
            "甲区",
            "居民安全满意度大于80%，小于60%不合格",
            "12.3",
            "2020年2月",
            "70.0%",
            "大于 80（低于 60 不合格）",
            "未达要求",
        ],
    ]
    # Sorted by composite, best first: U11 (100) before U12 (93.33).
    assert [row[0] for row in units.values.tolist()[:2]] == ["街道U11", "街道U12"]
    assert units.values.tolist()[1][3:] == ["93.3", "0", "2"]
    cells = _charts(app)[0][1]
    u12 = cells[cells["code"] == "U12"].set_index("column")
    assert u12.loc["1", "value"] == 50.0
    assert u12.loc["2", "verdict"] == "不合格"
    assert u12.loc["12", "verdict"] == "未达要求"
    assert set(u12.drop(["2", "12"])["verdict"]) == {""}


def test_sort_lowest_first_and_by_name(more, monkeypatch):
    app = open_page(monkeypatch, url_of(more), PAGE, month="2020-02")
    app.toggle(key="heatmap-lowest-first").set_value(True).run()
    assert list(dict.fromkeys(_charts(app)[0][1]["code"])) == ["U12", "U11"]
    app.selectbox(key="heatmap-sort").set_value("1").run()
    assert list(dict.fromkeys(_charts(app)[0][1]["code"])) == ["U12", "U11"]
    app.toggle(key="heatmap-lowest-first").set_value(False).run()
    app.selectbox(key="heatmap-sort").set_value("name").run()
    assert list(dict.fromkeys(_charts(app)[0][1]["code"])) == ["U11", "U12"]


def test_expanding_an_indicator_shows_its_items(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, month="2020-01")
    app.selectbox(key="heatmap-detail").set_value("1").run()
    assert not app.exception
    assert app.subheader[1].value == "二级指标：1. 安全社区创建机构与职责"
    items = _charts(app)[1][1]
    assert items[["column", "text"]].values.tolist() == [
        ["1.1", "C"],
        ["1.2", "A"],
        ["1.3", "A"],
        ["1.4", "A"],
        ["1.5", "A"],
        ["1.6", "A"],
        ["total", "83.3"],
    ]
    assert items["column_label"].iloc[-1] == "1 机构职责"


def test_all_45_items(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, month="2020-01")
    app.selectbox(key="heatmap-detail").set_value("all").run()
    items = _charts(app)[1][1]
    assert list(items["column"]) == [item["code"] for item in catalogue.items()]
    assert items.query("column == '1.1'")["value"].iloc[0] == 0.0
    assert set(items.query("column != '1.1'")["text"]) == {"A"}


def test_county_view_averages(more, monkeypatch):
    app = open_page(monkeypatch, url_of(more), PAGE, month="2020-02")
    app.segmented_control(key="heatmap-view").set_value("counties").run()
    assert not app.exception
    assert app.subheader[0].value == "各区县一级指标平均得分"
    spec, cells = _charts(app)[0]
    assert "params" not in spec
    d1 = cells[cells["code"] == "D1"].set_index("column")
    assert d1.loc["info", "text"] == "2/5"
    assert d1.loc["1", "value"] == 75.0
    assert d1.loc["total", "text"] == "96.7"
    d2 = cells[cells["code"] == "D2"].set_index("column")
    assert d2.loc["info", "text"] == "0/2"
    assert d2.loc["total", "text"] == "—"


def test_month_before_the_programme(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, month="2019-08")
    assert [i.value for i in app.info] == [
        "所选月份 2019年8月 早于创建方案开始的 2020年1月，还没有自评可看。请选择 2020年1月 或之后的月份。"
    ]
    assert not app.get("vega_lite_chart")


def test_month_after_the_programme(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, month="2021-03", lang="en")
    assert "The programme ended in Dec 2020" in [c.value for c in app.caption][1]
    assert _metrics(app)["Assessed before this month"] == "1"


def test_a_county_whose_units_never_assessed(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, county="D2", month="2020-06")
    assert app.title[0].value == "乙区 指标热力图"
    assert [i.value for i in app.info] == ["截至 2020年6月，乙区 的 2 个参创单位都还没有提交自评。"]
    assert not app.get("vega_lite_chart")
    assert [row[0] for row in grids(app)[0].values.tolist()] == ["街道U21", "街道U22"]


def test_a_county_without_units(programme_engine, monkeypatch):
    load_programme_data(
        programme_engine,
        ProgrammeData(regions=[RegionSpec("D3", "丙区", "county", "district", "C", "District Three")]),
    )
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, county="D3", month="2020-06", lang="en")
    assert [i.value for i in app.info] == [
        "District Three has no unit enrolled in a programme. Choose another city, county or programme in the sidebar."
    ]


def test_programme_filter(programme_engine, monkeypatch):
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, programme="PR", month="2020-01")
    assert _metrics(app)["参创单位"] == "7"
    assert "按“国家级安全社区评定指标（A/B/C三级）”计分" in app.caption[0].value


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("city", "month"),
    [
        ("130100", "2011-12"),
        ("130100", "2008-06"),
        ("640200", "2015-12"),
        ("640200", "2011-05"),
        ("510900", "2015-06"),
        ("510900", "2014-09"),
    ],
)
def test_every_sample_city_renders(sample_url, monkeypatch, city, month, lang):
    app = open_page(monkeypatch, sample_url, PAGE, city=city, month=month, lang=lang)
    assert app.title
    assert app.get("vega_lite_chart") or app.info


def test_sample_views_and_expansions(sample_url, monkeypatch):
    app = open_page(monkeypatch, sample_url, PAGE, city="130100", month="2011-06")
    assert _metrics(app)["参创单位"] == "34"
    app.selectbox(key="heatmap-detail").set_value("all").run()
    assert not app.exception
    items = _charts(app)[1][1]
    assert items["code"].nunique() == 34 and len(items) == 34 * 45
    app.segmented_control(key="heatmap-view").set_value("counties").run()
    assert not app.exception
    counties = _charts(app)[0][1]
    assert counties["code"].nunique() == 5


def test_a_mid_year_street_is_judged_on_calendar_periods(programme_engine, monkeypatch):
    # tests/fixture_hard_rules.py: U16, enrolled May 2020, viewed in June 2021.  Education
    # over 2021 Q2 (none: not met), participation 40% (not met), satisfaction 59% (under
    # the 60% fail line: failed); inspections over 2020 (3 of ⌈4 × 8/12⌉ = 3: met), so not
    # listed although the twelve months to June held only 3.
    load_mid_year(programme_engine)
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, county="D1", month="2021-06")
    violations = app.table[0].value
    u16 = violations[violations["单位"] == "街道U16"]
    assert u16[["二级指标", "统计期", "实际值", "要求", "判定"]].values.tolist() == [
        ["12.3", "2021年6月", "59.0%", "大于 80（低于 60 不合格）", "不合格"],
        ["6.4", "2021年第2季度", "0", "不少于 1", "未达要求"],
        ["2.4", "2021年6月", "40.0%", "不少于 50（低于 30 不合格）", "未达要求"],
    ]


def test_a_link_opens_its_view_and_the_view_stays_in_the_url(more, monkeypatch):
    app = open_page(monkeypatch, url_of(more), PAGE, month="2020-02", sort="1", low="1", detail="1")
    assert app.selectbox(key="heatmap-sort").value == "1"
    assert app.toggle(key="heatmap-lowest-first").value is True
    # Indicator 1: U12 50 (six items B), U11 100: lowest first.
    assert list(dict.fromkeys(_charts(app)[0][1]["code"])) == ["U12", "U11"]
    assert app.subheader[1].value == "二级指标：1. 安全社区创建机构与职责"
    (units,) = grids(app)
    assert list(units.columns)[3:5] == ["综合得分", "1 机构职责"]
    assert units["1 机构职责"].tolist()[:2] == ["50", "100"]
    app.segmented_control(key="heatmap-view").set_value("counties").run()
    assert app.query_params["view"] == "counties"
    app.toggle(key="heatmap-lowest-first").set_value(False).run()
    app.selectbox(key="heatmap-sort").set_value("score").run()
    assert "low" not in app.query_params and "sort" not in app.query_params
    assert app.query_params["detail"] == "1"  # kept while the county view hides it


def test_a_tampered_link_says_so_and_shows_the_nearest_view(more, monkeypatch):
    app = open_page(monkeypatch, url_of(more), PAGE, month="2020-02", view="map", sort="xyz", detail="99")
    assert [w.value for w in app.warning] == [
        "链接中的视图“map”不存在，已改为显示“单位 × 指标”。",
        "链接中的排序“xyz”不存在，已改为按综合得分排序。",
        "链接中要展开的指标“99”不存在（一级指标为 1–12，或 all 表示全部 45 项），已改为不展开。",
    ]
    assert app.subheader[0].value == "各单位一级指标得分"
    assert list(dict.fromkeys(_charts(app)[0][1]["code"])) == ["U11", "U12"]
    assert not {"view", "sort", "detail"} & set(app.query_params)
