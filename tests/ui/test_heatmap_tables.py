"""The heatmap's display transforms on tiny hand-made frames."""

import datetime as dt

import pandas as pd

from oversight import catalogue
from oversight.i18n import translate
from ui.heatmap_tables import (
    COUNTIES_VIEW,
    HeatmapView,
    county_cells,
    indicator_cells,
    item_cells,
    rule_marks,
    shown_value,
    style_stale,
    unit_from_chart_selection,
    unit_from_table_selection,
    unit_labels,
    unit_order,
    units_table,
    view_from_params,
    view_params,
    violations_table,
)

JAN, FEB = dt.date(2020, 1, 1), dt.date(2020, 2, 1)
INDICATORS = {1: "机构与职责", 2: "信息交流"}


def _scores() -> pd.DataFrame:
    """One row per assessed unit as current_indicator_scores returns them, two indicators only."""
    return pd.DataFrame(
        [
            (ord("A"), "A", "乙街道", 10, FEB, 80.0, 1, 60.0, 100.0),
            (ord("B"), "B", "甲街道", 10, JAN, 90.0, 0, 100.0, 80.0),
            (ord("C"), "C", "丙街道", 20, FEB, 80.0, 2, 70.0, 90.0),
        ],
        columns=[
            "unit_id",
            "unit_code",
            "unit_zh",
            "county_id",
            "assessed_month",
            "score",
            "failed_items",
            "s1",
            "s2",
        ],
    )


def _judged() -> pd.DataFrame:
    columns = ["unit_code", "county_id", "rule_code", "item_code", "measure", "period", "value"]
    columns += ["minimum", "strict", "fail_below", "verdict"]
    return pd.DataFrame(
        [
            (
                "A",
                10,
                "participation",
                "2.4",
                "participation_rate",
                "month",
                40.0,
                50.0,
                False,
                30.0,
                "violated",
            ),
            ("A", 10, "education", "2.1", "education_events", "quarter", 0.0, 1.0, False, None, "violated"),
            (
                "B",
                10,
                "participation",
                "2.4",
                "participation_rate",
                "month",
                20.0,
                50.0,
                False,
                30.0,
                "failed",
            ),
            ("B", 10, "education", "2.1", "education_events", "quarter", 2.0, 1.0, False, None, "ok"),
            (
                "C",
                20,
                "participation",
                "2.4",
                "participation_rate",
                "month",
                None,
                50.0,
                False,
                30.0,
                "not_judged",
            ),
        ],
        columns=columns,
    ).assign(
        # Judged in February 2020: the month's rates, the quarter 2019 Q4, owed whole.
        first_month=lambda f: [FEB if p == "month" else dt.date(2019, 10, 1) for p in f["period"]],
        months_owed=lambda f: [1 if p == "month" else 3 for p in f["period"]],
        required=lambda f: f["minimum"],
    )


RULES = pd.DataFrame(
    {
        "rule_code": ["participation", "education"],
        "item_code": ["2.4", "2.1"],
        "indicator_seq": [2, 2],
        "name_zh": ["参与度不少于50%", "每季度教育"],
        "name_en": ["Participation ≥ 50%", "Education each quarter"],
    }
)


def test_order_by_composite_best_first_ties_by_code():
    wide = _scores()
    assert unit_order(wide, "score") == ["B", "A", "C"]
    assert unit_order(wide, "score", lowest_first=True) == ["A", "C", "B"]


def test_order_by_an_indicator_then_by_composite():
    wide = _scores()
    assert unit_order(wide, "1") == ["B", "C", "A"]
    assert unit_order(wide, "2") == ["A", "C", "B"]
    assert unit_order(wide, "2", lowest_first=True) == ["B", "C", "A"]


def test_order_by_name():
    # Code points: 丙 U+4E19 < 乙 U+4E59 < 甲 U+7532.
    assert unit_order(_scores(), "name") == ["C", "A", "B"]


def test_labels_tell_units_of_the_same_name_apart():
    roster = pd.DataFrame(
        {
            "unit_code": ["X1", "X2", "X3", "Y"],
            "unit_zh": ["人民路街道"] * 3 + ["朝阳街道"],
            "unit_en": [None, None, None, "Chaoyang"],
            "county_id": [1, 2, 2, 1],
        }
    )
    labels = unit_labels(roster, {1: "大武口区", 2: "惠农区"}, "zh")
    assert labels == {
        "X1": "人民路街道（大武口区）",
        "X2": "人民路街道（惠农区） X2",
        "X3": "人民路街道（惠农区） X3",
        "Y": "朝阳街道",
    }
    # In English a unit with an English name shows it; the others keep their Chinese name.
    assert unit_labels(roster, {1: "Dawukou", 2: "Huinong"}, "en")["Y"] == "Chaoyang"
    assert unit_labels(roster, {1: "Dawukou", 2: "Huinong"}, "en")["X1"] == "人民路街道（Dawukou）"


def test_rule_marks_keep_the_worst_verdict_per_cell():
    by_indicator = rule_marks(_judged(), RULES, "indicator_seq")
    assert by_indicator.values.tolist() == [["A", 2, "violated"], ["B", 2, "failed"]]
    by_item = rule_marks(_judged(), RULES, "item_code")
    assert sorted(by_item.values.tolist()) == [
        ["A", "2.1", "violated"],
        ["A", "2.4", "violated"],
        ["B", "2.4", "failed"],
    ]


def test_indicator_cells_month_scores_and_composite():
    wide = _scores()
    marks = rule_marks(_judged(), RULES, "indicator_seq")
    labels = {"A": "乙街道", "B": "甲街道", "C": "丙街道"}
    cells = indicator_cells(wide, ["B", "A"], labels, INDICATORS, marks, FEB, "zh")
    assert cells["code"].tolist() == ["B"] * 4 + ["A"] * 4
    assert cells["column"].tolist() == ["info", "1", "2", "total"] * 2
    b = cells[cells["code"] == "B"]
    # The month is compact ("2020.01"): a grid column of a city is too narrow for "2020年1月".
    assert b["text"].tolist() == ["2020.01", "100", "80", "90.0"]
    assert b["attention"].tolist() == [True, False, False, False]  # assessed in January, viewed in February
    assert b["verdict"].tolist() == ["", "", "不合格", ""]
    assert b["column_label"].tolist() == ["自评月份", "1 机构职责", "2 信息参与", "综合得分"]
    assert b["column_title"].tolist()[1] == "机构与职责"
    a = cells[cells["code"] == "A"]
    assert a["attention"].tolist()[0] is False
    assert a["verdict"].tolist() == ["", "", "未达要求", ""]


def test_item_cells_show_grades_or_part_scores_and_the_indicator_score():
    wide = _scores()
    items = pd.DataFrame(
        {
            "unit_code": ["A", "A", "B"],
            "item_code": ["2.1", "2.4", "2.1"],
            "grade": ["A", None, "B"],
            "item_score": [100.0, 42.5, 50.0],
        }
    )
    marks = rule_marks(_judged(), RULES, "item_code")
    labels = {"A": "乙街道", "B": "甲街道", "C": "丙街道"}
    cells = item_cells(
        items, wide, ["A", "B", "C"], labels, {"2.1": "宣传", "2.4": "参与"}, marks, (2, "2 信息参与"), "en"
    )
    # C has no item grades in the frame: no row for it.
    assert cells[["code", "column", "text", "verdict"]].values.tolist() == [
        ["A", "2.1", "A", "Not met"],
        ["A", "2.4", "42", "Not met"],  # graded in parts: the item's score
        ["A", "total", "100.0", ""],  # indicator 2's score
        ["B", "2.1", "B", ""],
        ["B", "total", "80.0", ""],
    ]
    assert cells["column_label"].tolist()[2] == "2 信息参与"
    assert cells["column_title"].tolist()[0] == "2.1 宣传"


def test_all_items_have_no_total_column():
    wide = _scores()
    items = pd.DataFrame({"unit_code": ["B"], "item_code": ["1.1"], "grade": ["C"], "item_score": [0.0]})
    empty = rule_marks(_judged().iloc[0:0], RULES, "item_code")
    cells = item_cells(items, wide, ["B"], {"B": "甲街道"}, {}, empty, None, "zh")
    assert cells[["column_label", "text", "value"]].values.tolist() == [["1.1 领导机构", "C", 0.0]]


def test_county_cells_count_assessed_units_and_leave_empty_averages_empty():
    counties = pd.DataFrame(
        {
            "county_code": ["D2", "D1"],
            "county_zh": ["乙区", "甲区"],
            "county_en": [None, "District One"],
            "units": [2, 5],
            "assessed": [0, 1],
            "score": [None, 97.78],
            "s1": [None, 83.333],
            "s2": [None, 100.0],
        }
    )
    cells, order = county_cells(counties, INDICATORS, "score", False, "en")
    assert order == ["D1", "D2"]
    assert cells["row_label"].unique().tolist() == ["District One", "乙区"]
    assert cells[cells["code"] == "D1"]["text"].tolist() == ["1/5", "83", "100", "97.8"]
    d2 = cells[cells["code"] == "D2"]
    assert d2["text"].tolist() == ["0/2", "—", "—", "—"]
    assert d2["value"].isna().tolist() == [True, True, True, True]
    assert d2["attention"].tolist()[0] is True


def test_violations_table_lists_failures_first():
    table = violations_table(_judged(), RULES, {"A": "乙街道", "B": "甲街道"}, {10: "甲区"}, "zh")
    assert list(table.columns) == ["单位", "区县", "硬性指标", "二级指标", "统计期", "实际值", "要求", "判定"]
    assert table.values.tolist() == [
        [
            "甲街道",
            "甲区",
            "参与度不少于50%",
            "2.4",
            "2020年2月",
            "20.0%",
            "不少于 50（低于 30 不合格）",
            "不合格",
        ],
        ["乙街道", "甲区", "每季度教育", "2.1", "2019年第4季度", "0", "不少于 1", "未达要求"],
        [
            "乙街道",
            "甲区",
            "参与度不少于50%",
            "2.4",
            "2020年2月",
            "40.0%",
            "不少于 50（低于 30 不合格）",
            "未达要求",
        ],
    ]


def test_violations_table_names_the_year_and_a_pro_rata_requirement():
    # Enrolled in May 2019: 8 months of 2019 owed, ⌈4 × 8 / 12⌉ = 3 inspections required.
    inspections = {
        "unit_code": "A",
        "county_id": 10,
        "rule_code": "inspections",
        "item_code": "8.3",
        "measure": "inspections",
        "period": "year",
        "value": 2.0,
        "minimum": 4.0,
        "strict": False,
        "fail_below": None,
        "verdict": "violated",
        "first_month": dt.date(2019, 1, 1),
        "months_owed": 8,
        "required": 3.0,
    }
    judged = pd.DataFrame([inspections])
    rules = pd.DataFrame(
        {
            "rule_code": ["inspections"],
            "item_code": ["8.3"],
            "indicator_seq": [8],
            "name_zh": ["全年检查不少于4次"],
            "name_en": ["4 inspections a year"],
        }
    )
    zh = violations_table(judged, rules, {"A": "乙街道"}, {10: "甲区"}, "zh")
    assert zh.values.tolist() == [
        [
            "乙街道",
            "甲区",
            "全年检查不少于4次",
            "8.3",
            "2019年",
            "2",
            "不少于 3（按在册 8 个月折算）",
            "未达要求",
        ]
    ]
    en = violations_table(judged, rules, {"A": "乙街道"}, {10: "District One"}, "en")
    assert en.iloc[0].tolist()[4:7] == ["2019", "2", "at least 3 (pro rata, months enrolled: 8)"]


def test_violations_table_in_english():
    table = violations_table(_judged(), RULES, {"A": "乙街道", "B": "甲街道"}, {10: "District One"}, "en")
    assert table.iloc[0].tolist() == [
        "甲街道",
        "District One",
        "Participation ≥ 50%",
        "2.4",
        "Feb 2020",
        "20.0%",
        "at least 50 (fails below 30)",
        "Failed",
    ]


def test_units_table_lists_unassessed_units_last_and_flags_stale_ones():
    wide = _scores()
    roster = pd.DataFrame(
        {
            "unit_code": ["A", "B", "C", "D"],
            "unit_zh": ["乙街道", "甲街道", "丙街道", "丁街道"],
            "county_id": [10, 10, 20, 20],
        }
    )
    labels = dict(zip(roster["unit_code"], roster["unit_zh"], strict=True))
    table, codes, stale = units_table(
        wide, roster, ["B", "A", "C"], labels, {10: "甲区", 20: "乙区"}, _judged(), FEB, "score", "zh"
    )
    assert codes == ["B", "A", "C", "D"]
    assert stale == [True, False, False, True]
    assert table.values.tolist() == [
        ["甲街道", "甲区", "2020年1月", "90.0", "0", "1"],
        ["乙街道", "甲区", "2020年2月", "80.0", "1", "2"],
        ["丙街道", "乙区", "2020年2月", "80.0", "2", "0"],
        ["丁街道", "乙区", "未自评", "—", "—", "0"],
    ]
    styled = style_stale(table, stale, "zh")
    styled._compute()
    coloured = {cell for cell, css in styled.ctx.items() if ("background-color", "#fbe3b0") in css}
    assert coloured == {(0, 2), (3, 2)}


def test_chart_selection_to_unit_code():
    assert unit_from_chart_selection({"unit": [{"code": "U11"}]}) == "U11"
    assert unit_from_chart_selection({"unit": {"code": ["U12"]}}) == "U12"
    assert unit_from_chart_selection({"unit": {}}) is None
    assert unit_from_chart_selection({"unit": []}) is None
    assert unit_from_chart_selection({}) is None
    assert unit_from_chart_selection(None) is None


def test_table_selection_to_unit_code():
    assert unit_from_table_selection([1], ["U11", "U12"]) == "U12"
    assert unit_from_table_selection([], ["U11"]) is None
    assert unit_from_table_selection([5], ["U11"]) is None


def test_a_view_survives_its_link():
    view = HeatmapView(COUNTIES_VIEW, "3", "all", True)
    params = view_params(view)
    assert params == {"view": "counties", "sort": "3", "detail": "all", "low": "1"}
    assert view_from_params(params, range(1, 13)) == (view, {})
    assert view_params(HeatmapView()) == {}
    assert view_from_params({}, range(1, 13)) == (HeatmapView(), {})


def test_a_tampered_link_shows_the_nearest_valid_view():
    params = {"view": "map", "sort": "xyz", "detail": "99", "low": "yes", "city": "130100"}
    view, rejected = view_from_params(params, range(1, 13))
    assert view == HeatmapView()
    assert rejected == {"view": "map", "sort": "xyz", "detail": "99", "low": "yes"}
    view, rejected = view_from_params({"sort": "12", "detail": "13"}, range(1, 13))
    assert view == HeatmapView(sort="12") and rejected == {"detail": "13"}
    assert shown_value("x" * 5000) == "x" * 20 + "…"


def test_county_cells_follow_the_sort():
    # Averages: D1 composite 80, indicator 1 90; D2 85 and 60; D3 80 and 70; D4 none.
    counties = pd.DataFrame(
        {
            "county_code": ["D1", "D2", "D3", "D4"],
            "county_zh": ["丁区", "乙区", "甲区", "丙区"],
            "county_en": [None] * 4,
            "units": [2, 2, 2, 1],
            "assessed": [2, 2, 2, 0],
            "score": [80.0, 85.0, 80.0, None],
            "s1": [90.0, 60.0, 70.0, None],
            "s2": [70.0, 100.0, 90.0, None],
        }
    )
    order = lambda by, low: county_cells(counties, INDICATORS, by, low, "zh")[1]  # noqa: E731
    assert order("score", False) == ["D2", "D1", "D3", "D4"]  # D1, D3 tie at 80: by code
    assert order("score", True) == ["D1", "D3", "D2", "D4"]
    assert order("1", False) == ["D1", "D3", "D2", "D4"]
    assert order("1", True) == ["D2", "D3", "D1", "D4"]
    # 丁 U+4E01, 丙 U+4E19, 乙 U+4E59, 甲 U+7532
    assert order("name", False) == ["D1", "D4", "D2", "D3"]


def test_a_unit_list_sorted_by_an_indicator_shows_it():
    roster = pd.DataFrame(
        {"unit_code": ["A", "B", "C"], "unit_zh": ["乙街道", "甲街道", "丙街道"], "county_id": [10, 10, 20]}
    )
    labels = dict(zip(roster["unit_code"], roster["unit_zh"], strict=True))
    order = unit_order(_scores(), "2", lowest_first=False)
    assert order == ["A", "C", "B"]  # indicator 2: 100, 90, 80
    table, _, _ = units_table(
        _scores(), roster, order, labels, {10: "甲区", 20: "乙区"}, _judged(), FEB, "2", "zh"
    )
    assert list(table.columns) == ["单位", "区县", "自评月份", "综合得分", "2 信息参与", "C 项数", "硬性指标"]
    assert table["2 信息参与"].tolist() == ["100", "90", "80"]


def test_every_item_has_a_short_name_in_both_languages():
    for item in catalogue.items():
        for lang in ("zh", "en"):
            name = translate(f"heatmap.item_{item['code']}", lang)
            assert name.startswith(f"{item['code']} ") and len(name) <= 20, (lang, name)
