"""Specs of the community page's charts: marks, fields and colours."""

import datetime as dt

import pandas as pd

from ui.charts import GRADE_COLOURS, TARGET_MARK
from ui.charts.community import (
    VERDICT_COLOURS,
    build_grade_heatmap_chart,
    build_hazard_chart,
    build_minimum_chart,
    build_money_chart,
    build_outcome_chart,
    build_rate_chart,
    build_stage_timeline_chart,
    grade_colours,
    item_label,
    wrap_label,
)

D = dt.date
LABELS = {v: v.upper() for v in VERDICT_COLOURS}
TITLES = {
    "period": "期间",
    "value": "次数",
    "minimum": "最低要求",
    "verdict": "判定",
    "months": "月报",
    "month": "月份",
    "rate": "比率",
    "plan": "计划",
    "actual": "实际",
    "from": "起",
    "to": "止",
    "item": "指标项",
    "grade": "等级",
    "year": "年份",
    "count": "数量",
    "domain": "领域",
    "amount": "金额",
}


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def test_stage_timeline_has_a_plan_and_an_actual_lane_with_the_month_marked():
    frame = pd.DataFrame(
        {
            "lane": ["plan", "actual"],
            "label": ["启动", "备案启动"],
            "start": pd.to_datetime(["2021-01-01", "2021-02-01"]),
            "end": pd.to_datetime(["2021-04-01", "2021-06-30"]),
            "order": [0, 0],
            "start_text": ["a", "b"],
            "end_text": ["c", "d"],
        }
    )
    spec = build_stage_timeline_chart(frame, D(2021, 6, 30), TITLES, "zh").to_dict()
    assert [lane["title"] for lane in spec["vconcat"]] == ["计划", "实际"]
    assert spec["resolve"]["scale"]["x"] == "shared"
    bars, rule = spec["vconcat"][0]["layer"]
    assert _mark(bars) == "bar" and bars["encoding"]["x"]["field"] == "start"
    assert bars["encoding"]["x2"]["field"] == "end"
    assert _mark(rule) == "rule" and rule["mark"]["color"] == TARGET_MARK


def test_grade_heatmap_uses_the_grade_colours():
    cells = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-01-01"]),
            "month_text": ["2020年1月"],
            "row": ["1.1"],
            "row_order": [0],
            "item_text": ["领导机构"],
            "grade": ["C"],
        }
    )
    spec = build_grade_heatmap_chart(cells, ["A", "B", "C"], TITLES, "zh").to_dict()
    assert _mark(spec) == "rect"
    assert spec["encoding"]["color"]["field"] == "grade"
    assert spec["encoding"]["color"]["scale"] == {
        "domain": ["A", "B", "C"],
        "range": list(GRADE_COLOURS.values()),
    }
    assert spec["encoding"]["y"]["sort"] == {"field": "row_order"}
    assert spec["encoding"]["y"]["field"] == "label"
    (rows,) = spec["datasets"].values()
    assert rows[0]["label"] == "1.1 领导机构"
    # One item: 16 px for its row and 130 for the legend and the month labels.
    assert spec["height"] == 146
    assert grade_colours(["a", "b", "c", "d"]) == ["#2e7d32", "#8bc34a", "#e08a00", "#c62828"]


def test_minimum_chart_marks_the_minimum_and_colours_the_verdict():
    frame = pd.DataFrame(
        {
            "period": ["2020年第2季度"],
            "period_short": ["2020Q2"],
            "period_order": [20202],
            "measure": ["education_events"],
            "measure_label": ["居民安全教育"],
            "value": [0.0],
            "minimum": [1.0],
            "verdict": ["violated"],
            "verdict_label": ["VIOLATED"],
            "months_text": ["3/3"],
        }
    )
    spec = build_minimum_chart(frame, LABELS, TITLES).to_dict()
    assert spec["facet"]["field"] == "measure_label"
    bars, ticks = spec["spec"]["layer"]
    assert _mark(bars) == "bar" and _mark(ticks) == "tick"
    assert bars["encoding"]["color"]["scale"]["domain"] == [LABELS[v] for v in VERDICT_COLOURS]
    assert bars["encoding"]["color"]["scale"]["range"] == list(VERDICT_COLOURS.values())
    assert ticks["encoding"]["y"]["field"] == "minimum"
    assert ticks["transform"] == [{"filter": "isValid(datum.minimum)"}]
    assert VERDICT_COLOURS["violated"] != VERDICT_COLOURS["ok"]
    # A count of 0 in the only period: whole-number ticks on an axis that reaches 1.
    y = bars["encoding"]["y"]
    assert (y["axis"]["format"], y["axis"]["tickMinStep"], y["scale"]["domain"]) == (
        "d",
        1,
        {"unionWith": [0, 1]},
    )


def test_rate_chart_draws_the_minimum_and_the_fail_line():
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-01-01"]),
            "month_text": ["2020年1月"],
            "measure_label": ["参与率"],
            "value": [45.0],
            "minimum": [50.0],
            "fail_below": [30.0],
            "verdict": ["violated"],
            "verdict_label": ["VIOLATED"],
        }
    )
    spec = build_rate_chart(frame, LABELS, TITLES, "zh").to_dict()
    layers = spec["spec"]["layer"]
    assert [_mark(layer) for layer in layers] == ["line", "point", "rule", "rule"]
    assert layers[2]["encoding"]["y"] == {"aggregate": "max", "field": "minimum", "type": "quantitative"}
    assert layers[3]["encoding"]["y"]["field"] == "fail_below"


def test_outcome_hazard_and_money_charts():
    outcomes = pd.DataFrame(
        {
            "year": ["2020"],
            "domain": ["家居安全"],
            "domain_seq": [4],
            "measure_label": ["伤害数"],
            "count": [4],
        }
    )
    spec = build_outcome_chart(outcomes, TITLES).to_dict()
    assert spec["spec"]["encoding"]["color"]["field"] == "domain"
    assert spec["spec"]["encoding"]["y"]["aggregate"] == "sum"
    hazards = pd.DataFrame(
        {
            "period": ["2020年第1季度"] * 2,
            "period_short": ["2020Q1"] * 2,
            "period_order": [20201] * 2,
            "kind": ["发现隐患", "整改隐患"],
            "count": [6, 5],
        }
    )
    spec = build_hazard_chart(hazards, TITLES).to_dict()
    assert spec["encoding"]["xOffset"]["field"] == "kind"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["发现隐患", "整改隐患"]
    assert (spec["encoding"]["y"]["axis"]["format"], spec["encoding"]["y"]["axis"]["tickMinStep"]) == ("d", 1)
    money = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-01-01", "2020-01-01"]),
            "month_text": ["2020年1月"] * 2,
            "series": ["补助到位（累计）", "资金支出（累计）"],
            "wan": [3.0, 1.0],
            "text": ["3万元", "1万元"],
        }
    )
    spec = build_money_chart(money, TITLES, "zh").to_dict()
    assert _mark(spec) == "line" and spec["encoding"]["y"]["field"] == "wan"
    assert spec["encoding"]["y"]["axis"]["title"] == "金额"
    # All-zero money would read "0.000000" with Vega's default format.
    assert spec["encoding"]["y"]["axis"]["format"] == ",.2~f"


def test_month_axes_read_2008年7月_in_chinese_and_jul_2008_in_english():
    """d3's %-m drops the leading zero: 2008-07 → 2008年7月; %b %Y → Jul 2008."""
    money = pd.DataFrame(
        {
            "month": pd.to_datetime(["2008-07-01"]),
            "month_text": ["2008年7月"],
            "series": ["补助到位（累计）"],
            "wan": [3.0],
            "text": ["3万元"],
        }
    )
    formats = {
        lang: build_money_chart(money, TITLES, lang).to_dict()["encoding"]["x"]["axis"]["format"]
        for lang in ("zh", "en")
    }
    assert formats == {"zh": "%Y年%-m月", "en": "%b %Y"}
    rates = pd.DataFrame(
        {
            "month": pd.to_datetime(["2008-07-01"]),
            "month_text": ["2008年7月"],
            "measure_label": ["参与率"],
            "value": [45.0],
            "minimum": [50.0],
            "fail_below": [30.0],
            "verdict": ["violated"],
            "verdict_label": ["VIOLATED"],
        }
    )
    assert (
        build_rate_chart(rates, LABELS, TITLES, "zh").to_dict()["spec"]["layer"][0]["encoding"]["x"]["axis"][
            "format"
        ]
        == "%Y年%-m月"
    )


def test_item_label_is_the_code_and_the_first_clause_of_the_requirement():
    """1.1's requirement starts "有安全社区创建领导机构，成员…": its first clause is 11
    characters (22 wide), within the 32 allowed; 1.7's first clause is 19 characters (38
    wide), so it keeps 16 and an ellipsis; an English label is kept whole."""
    assert (
        item_label("1.1", "有安全社区创建领导机构，成员组成符合跨部门合作的要求。")
        == "1.1 有安全社区创建领导机构"
    )
    assert (
        item_label("1.7", "建立安全社区创建工作档案并及时归档更新，内容完整。")
        == "1.7 建立安全社区创建工作档案并及时归…"
    )
    assert item_label("1.1", "Cross-department leading body") == "1.1 Cross-department leading body"
    assert item_label("2.3", "") == "2.3"


def test_a_unit_that_never_started_has_no_empty_actual_lane():
    frame = pd.DataFrame(
        {
            "lane": ["plan"],
            "label": ["启动"],
            "start": pd.to_datetime(["2021-01-01"]),
            "end": pd.to_datetime(["2021-04-01"]),
            "order": [0],
            "start_text": ["a"],
            "end_text": ["c"],
        }
    )
    spec = build_stage_timeline_chart(frame, D(2021, 6, 30), TITLES, "zh").to_dict()
    assert [lane["title"] for lane in spec["vconcat"]] == ["计划"]


def test_panel_titles_wrap_to_their_panel():
    # 24 letters a line: "Resident safety" (15) + " education" would be 25; Chinese counts
    # two a character, 12 a line, and the closing bracket stays on its line (13th).
    assert wrap_label("Resident safety education (at least once a quarter)") == (
        "Resident safety\neducation (at least once\na quarter)"
    )
    assert wrap_label("居民安全教育（每季度至少开展一次居民安全教育活动）") == (
        "居民安全教育（每季度至少\n开展一次居民安全教育活动）"
    )
    assert wrap_label("Trainings") == "Trainings"


def test_a_long_quarter_axis_names_each_year_once():
    """2011 Q2 to 2013 Q4 (11 quarters): labels at 2011 Q2, 2012 Q1 and 2013 Q1, reading
    2011, 2012, 2013; three quarters keep a label each, and so do years."""
    quarters = [(2011, q) for q in (2, 3, 4)] + [(year, q) for year in (2012, 2013) for q in (1, 2, 3, 4)]

    def frame(periods):
        return pd.DataFrame(
            {
                "period": [f"{y}-{q}" for y, q in periods],
                "period_short": [f"{y}Q{q}" if q else str(y) for y, q in periods],
                "period_order": [y * 10 + q for y, q in periods],
                "measure": ["drills"] * len(periods),
                "measure_label": ["应急演练"] * len(periods),
                "value": [1.0] * len(periods),
                "minimum": [None] * len(periods),
                "verdict": ["no_rule"] * len(periods),
                "verdict_label": ["NO_RULE"] * len(periods),
                "months_text": ["3/3"] * len(periods),
            }
        )

    def axis(periods):
        return build_minimum_chart(frame(periods), LABELS, TITLES).to_dict()["spec"]["layer"][0]["encoding"][
            "x"
        ]["axis"]

    assert axis(quarters) == {
        "labelAngle": -90,
        "values": ["2011Q2", "2012Q1", "2013Q1"],
        "labelExpr": "slice(datum.value, 0, 4)",
    }
    assert axis(quarters[:3]) == {"labelAngle": -90}
    assert axis([(year, 0) for year in range(2011, 2021)]) == {"labelAngle": -90}


def test_a_minimum_above_every_bar_stays_in_its_panel():
    """2 comprehensive inspections made, 4 required: the panel's y axis must reach 4.
    Vega-Lite unions the layers' data into one domain only where their scales agree; a
    tick layer with a scale of its own was drawn above its panel, apart from its title."""
    frame = pd.DataFrame(
        {
            "period": ["2015年"],
            "period_short": ["2015"],
            "period_order": [2015],
            "measure": ["comprehensive_inspections"],
            "measure_label": ["综合检查"],
            "value": [2.0],
            "minimum": [4.0],
            "verdict": ["violated"],
            "verdict_label": ["VIOLATED"],
            "months_text": ["12/12"],
        }
    )
    bars, ticks = build_minimum_chart(frame, LABELS, TITLES).to_dict()["spec"]["layer"]
    assert ticks["encoding"]["y"]["scale"] == bars["encoding"]["y"]["scale"]
