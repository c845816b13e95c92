"""The overview's chart specs: what is drawn, from which fields, in which colours."""

import altair as alt
import pandas as pd

from ui.charts import STAGE_COLOURS, STATUS_COLOURS, stage_scale
from ui.charts.overview import build_stage_chart, build_target_chart, target_chart_frame

LABELS = {
    "met": "已完成",
    "on_track": "按进度",
    "not_started": "未开始",
    "at_risk": "有风险",
    "missed": "逾期未完成",
}


def _rows(shape="count_per_child"):
    return pd.DataFrame(
        {
            "role": ["scope", "child", "child"],
            "shape": [shape] * 3,
            "region_zh": ["测试市", "甲区", "乙区"],
            "region_en": ["Test City", None, "District Two"],
            "achieved": [1.0, 4.0, 0.0],
            "required": [2.0, 1.0, 1.0],
            "status": ["missed", "met", "missed"],
        }
    )


def test_chart_frame_puts_counties_first_and_marks_the_total():
    frame = target_chart_frame(_rows(), "en")
    assert frame["region"].tolist() == ["甲区", "District Two", "Test City ∑"]
    assert frame["status"].tolist() == ["met", "missed", "missed"]


def test_budget_chart_frame_is_in_wan_yuan():
    rows = _rows("budget").iloc[[0]].assign(achieved=85000.0, required=100000.0)
    frame = target_chart_frame(rows, "zh")
    assert frame[["region", "achieved", "required"]].values.tolist() == [["测试市", 8.5, 10.0]]


def test_target_chart_bars_coloured_by_status_with_a_tick_at_the_requirement():
    spec = build_target_chart(target_chart_frame(_rows(), "zh"), LABELS, "单位数").to_dict()
    bars, ticks = spec["layer"]
    assert bars["mark"]["type"] == "bar" and ticks["mark"]["type"] == "tick"
    assert bars["encoding"]["x"]["field"] == "achieved"
    assert ticks["encoding"]["x"]["field"] == "required"
    colour = bars["encoding"]["color"]["scale"]
    assert colour["domain"] == list(LABELS.values())
    assert colour["range"] == [STATUS_COLOURS[s] for s in LABELS]
    # The legend lists only the statuses drawn (met, missed), so it fits the chart.
    assert bars["encoding"]["color"]["legend"]["values"] == ["已完成", "逾期未完成"]


STAGES = pd.DataFrame(
    {
        "code": ["not_started", "named"],
        "seq": [0, 8],
        "name_zh": ["未启动", "命名"],
        "name_en": ["Not started", "Named"],
    }
)


def test_stage_chart_stacks_units_in_stage_order_in_the_shared_stage_colours():
    """乙区 (code 02) is listed after 甲区 (code 01) although its rows come first, as in the
    target charts; 未启动 is grey and 命名 green, as on the district page."""
    stages = pd.DataFrame(
        {
            "county": ["乙区", "甲区", "甲区"],
            "county_code": ["02", "01", "01"],
            "stage": ["命名", "未启动", "命名"],
            "stage_seq": [8, 0, 8],
            "units": [2, 3, 1],
        }
    )
    spec = build_stage_chart(stages, "单位数", stage_scale(STAGES, "zh")).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["order"]["field"] == "stage_seq"
    assert spec["encoding"]["x"]["aggregate"] == "sum"
    assert spec["encoding"]["y"]["sort"] == ["甲区", "乙区"]
    colour = spec["encoding"]["color"]["scale"]
    assert colour == {"domain": ["未启动", "命名"], "range": ["#d0d0d0", "#2e7d32"]}
    assert colour["range"] == [STAGE_COLOURS["not_started"], STAGE_COLOURS["named"]]


def test_stage_chart_counts_in_whole_units_even_when_all_are_zero():
    """No 0.5 ticks (tickMinStep 1, integer format) and a domain reaching at least 1."""
    stages = pd.DataFrame(
        {"county": ["甲区"], "county_code": ["01"], "stage": ["未启动"], "stage_seq": [0], "units": [0]}
    )
    x = build_stage_chart(stages, "单位数", stage_scale(STAGES, "zh")).to_dict()["encoding"]["x"]
    assert (x["axis"]["format"], x["axis"]["tickMinStep"]) == ("d", 1)
    assert x["scale"]["domain"] == {"unionWith": [0, 1]}


def test_target_legend_has_two_columns_so_every_status_fits():
    spec = build_target_chart(target_chart_frame(_rows(), "en"), LABELS, "Units").to_dict()
    assert spec["layer"][0]["encoding"]["color"]["legend"]["columns"] == 2


def test_theme_shows_long_county_names_whole():
    """ "Suining Economic and Technological Development Zone" is about 330 px at 12 px."""
    config = alt.theme.get()()["config"]
    assert config["axis"]["labelLimit"] >= 330 and config["legend"]["labelLimit"] >= 330


def test_headline_is_the_scope_row_or_the_only_county_row():
    from ui.tables import target_headlines

    frame = pd.DataFrame(
        {
            "target_id": [1, 1, 1, 2],
            "role": ["child", "scope", "child", "child"],
            "region_zh": ["甲", "市", "乙", "乙"],
        }
    )
    assert target_headlines(frame)[["target_id", "region_zh"]].values.tolist() == [[1, "市"], [2, "乙"]]
