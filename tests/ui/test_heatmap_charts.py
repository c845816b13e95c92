"""The heatmap grid's Vega-Lite spec: marks, fields, colours, selection."""

import pandas as pd

from ui.charts import GRADE_COLOURS
from ui.charts.heatmap import build_grid_chart, score_scale
from ui.heatmap_tables import CELL_COLUMNS

LABELS = {"score": "得分（%）", "rule": "硬性指标", "violated": "未达要求", "failed": "不合格", "row": "单位"}


def _cells() -> pd.DataFrame:
    rows = [
        ("U2", "乙街道", "info", "自评月份", "info", None, "2020年1月", True, ""),
        ("U2", "乙街道", "1", "1 机构职责", "score", 50.0, "50", False, "不合格"),
        ("U2", "乙街道", "total", "综合得分", "score", None, "—", False, ""),
        ("U1", "甲街道", "info", "自评月份", "info", None, "2020年2月", False, ""),
        ("U1", "甲街道", "1", "1 机构职责", "score", 100.0, "100", False, ""),
        ("U1", "甲街道", "total", "综合得分", "score", 97.8, "97.8", False, ""),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "code",
            "row_label",
            "column",
            "column_label",
            "kind",
            "value",
            "text",
            "attention",
            "verdict",
        ],
    )
    frame["column_title"] = frame["column_label"]
    return frame[CELL_COLUMNS]


def test_score_scale_puts_the_grade_colours_at_0_50_100():
    scale = score_scale().to_dict()
    assert scale["domain"] == [0, 50, 100]
    assert scale["range"] == [GRADE_COLOURS["C"], GRADE_COLOURS["B"], GRADE_COLOURS["A"]]


def test_grid_layers_cells_labels_frames_and_a_click_layer():
    spec = build_grid_chart(_cells(), ["U1", "U2"], LABELS).to_dict()
    cells, labels, frames, hits = spec["layer"]
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text", "rect", "rect"]
    # Rows in the given order, columns in order of appearance.
    assert cells["encoding"]["y"]["sort"] == ["甲街道", "乙街道"]
    assert cells["encoding"]["x"]["sort"] == ["自评月份", "1 机构职责", "综合得分"]
    fill = cells["encoding"]["fill"]
    assert fill["field"] == "shade" and fill["scale"]["domain"] == [0, 50, 100]
    assert [c["value"] for c in fill["condition"]] == ["#fbe3b0", "#f1f1f1", "#dddddd"]
    assert labels["encoding"]["text"]["field"] == "text"
    assert frames["transform"] == [{"filter": "(datum.verdict !== '')"}]
    assert frames["mark"]["filled"] is False
    assert frames["encoding"]["stroke"]["scale"]["domain"] == ["未达要求", "不合格"]
    assert hits["mark"]["fillOpacity"] == 0
    assert [t["field"] for t in hits["encoding"]["tooltip"]] == [
        "row_label",
        "column_title",
        "text",
        "verdict",
    ]


def test_clicking_selects_the_row_code():
    spec = build_grid_chart(_cells(), ["U1", "U2"], LABELS).to_dict()
    hits = spec["layer"][3]
    # Altair lifts the parameter to the top and names the one layer that listens: the
    # invisible click layer on top, so a click on a number or a frame selects too.
    assert spec["params"] == [
        {
            "name": "unit",
            "select": {"type": "point", "clear": "dblclick", "fields": ["code"], "on": "click"},
            "views": [hits["name"]],
        }
    ]
    # Unselected rows fade while a unit is selected.
    opacity = spec["layer"][0]["encoding"]["opacity"]
    assert opacity == {"condition": [{"param": "unit", "value": 1.0}], "value": 0.35}


def test_a_county_grid_has_no_selection():
    spec = build_grid_chart(_cells(), ["U1", "U2"], LABELS, selectable=False).to_dict()
    assert "params" not in spec
    assert "opacity" not in spec["layer"][0]["encoding"]


def test_no_axis_label_is_cut():
    spec = build_grid_chart(_cells(), ["U1", "U2"], LABELS).to_dict()
    encoding = spec["layer"][0]["encoding"]
    # Vega cuts labels longer than labelLimit (180 px by default) with an ellipsis; 0 means never.
    assert encoding["x"]["axis"]["labelLimit"] == 0
    assert encoding["y"]["axis"]["labelLimit"] == 0
