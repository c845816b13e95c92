"""The district page's chart specs: what is drawn, from which fields, in which colours."""

import datetime as dt

import pandas as pd

from tests.ui.test_district_tables import (
    ENROLMENTS,
    EVENTS,
    MILESTONES,
    OVERDUE,
    PLANNED,
    STAGES,
    SUBSIDIES,
)
from ui.charts import STAGE_COLOURS, stage_scale
from ui.charts.district import OVERDUE_COLOUR, build_pipeline_chart, build_subsidy_chart, build_timeline_chart
from ui.district_tables import overdue_frame, pipeline_frame, stage_spans, subsidy_chart_frame, window_frame

D = dt.date
TEXTS = {
    key: key
    for key in (
        "plan",
        "unit",
        "stage",
        "from",
        "to",
        "planned_stage",
        "period",
        "expects",
        "expected",
        "days_overdue",
        "as_of",
        "as_of_text",
        "units",
        "now",
        "reached",
    )
} | {"plan": "计划阶段"}


def test_stage_colours_follow_the_path_in_the_chosen_language():
    scale = stage_scale(STAGES, "en").to_dict()
    assert scale["domain"][:2] == ["Not started", "Launched"]
    assert scale["range"][0] == STAGE_COLOURS["not_started"]
    assert scale["range"][-1] == STAGE_COLOURS["named"] == "#2e7d32"


def test_pipeline_is_a_funnel_behind_the_units_now():
    counts = pd.DataFrame({"stage_code": ["not_started", "launched"], "units": [3, 2]})
    spec = build_pipeline_chart(
        pipeline_frame(counts, STAGES, "zh"), stage_scale(STAGES, "zh"), TEXTS
    ).to_dict()
    reached, now, labels = spec["layer"]
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "bar", "text"]
    assert reached["encoding"]["x"]["field"] == "reached"
    assert now["encoding"]["x"]["field"] == "units"
    assert now["encoding"]["color"]["field"] == "stage"
    assert labels["encoding"]["text"]["field"] == "label"
    assert now["encoding"]["y"]["sort"] == ["未启动", "备案启动", "推进实施", "自评", "申报", "命名"]


def _timeline():
    as_of = D(2011, 11, 30)
    domain = (D(2011, 5, 1), D(2012, 6, 1))
    spans = stage_spans(ENROLMENTS, EVENTS, STAGES, as_of, "zh")
    windows = window_frame(PLANNED, STAGES, MILESTONES, domain, 900, "zh")
    flags = overdue_frame(OVERDUE, ENROLMENTS, STAGES, as_of, "zh")
    return build_timeline_chart(
        spans, windows, flags, as_of, domain, stage_scale(STAGES, "zh"), ["街道U11", "街道U12"], TEXTS, "zh"
    ).to_dict()


def test_timeline_layers_plan_behind_the_units_stages():
    spec = _timeline()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "rect", "rule", "bar", "text", "bar", "rule", "rule"]
    bands = spec["layer"][:2]
    assert [band["transform"][0]["filter"] for band in bands] == ["datum.band == 0", "datum.band == 1"]
    assert all("y" not in band["encoding"] for band in bands)  # the bands fill every row
    stages = spec["layer"][5]
    assert stages["encoding"]["color"]["field"] == "stage"
    assert (stages["encoding"]["x"]["field"], stages["encoding"]["x2"]["field"]) == ("start", "end")
    y = stages["encoding"]["y"]
    assert y["sort"] == ["计划阶段", "街道U11", "街道U12"]


def test_timeline_flags_overdue_units_in_red():
    spec = _timeline()
    overdue = spec["layer"][6]
    assert overdue["mark"]["color"] == OVERDUE_COLOUR
    assert (overdue["encoding"]["x"]["field"], overdue["encoding"]["x2"]["field"]) == ("since", "until")
    label_colour = overdue["encoding"]["y"]["axis"]["labelColor"]["expr"]
    assert '["街道U12"]' in label_colour and OVERDUE_COLOUR in label_colour


def test_timeline_axis_covers_the_domain_and_marks_the_as_of_day():
    spec = _timeline()
    domain = spec["layer"][5]["encoding"]["x"]["scale"]["domain"]
    assert domain == [{"year": 2011, "month": 5, "date": 1}, {"year": 2012, "month": 6, "date": 1}]
    as_of = spec["layer"][7]
    dataset = spec["datasets"][as_of["data"]["name"]]
    assert dataset[0]["on"].startswith("2011-12-01")  # drawn at the end of the as-of day
    # Months on the axis as Chinese writes them (2011年5月), not 2011-05.
    assert spec["layer"][5]["encoding"]["x"]["axis"]["format"] == "%Y年%-m月"


def test_subsidy_chart_groups_the_four_measures_per_recipient():
    spec = build_subsidy_chart(subsidy_chart_frame(SUBSIDIES, "丙区", "zh"), "万元").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["yOffset"]["field"] == "measure"
    assert spec["encoding"]["y"]["sort"] == ["丙区（区县统筹）", "街道U31", "街道U32"]
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        "下达",
        "拨付",
        "到位（月报）",
        "经费支出（含自筹，月报）",
    ]
    assert spec["encoding"]["x"]["title"] == "万元"


def test_subsidy_axis_keeps_money_labels_apart():
    """In English money is in yuan: at 1280 px ten ticks to 160,000 ran the last two labels
    together ("140,000160,000"); five ticks at most, 12 px apart, the overlapping dropped."""
    spec = build_subsidy_chart(subsidy_chart_frame(SUBSIDIES, "District 3", "en"), "Yuan").to_dict()
    axis = spec["encoding"]["x"]["axis"]
    assert axis["tickCount"] == 5
    assert axis["labelSeparation"] == 12
    assert axis["labelOverlap"] is True
