"""The district page's display transforms, on tiny hand-made frames."""

import datetime as dt

import pandas as pd

from ui.district_tables import (
    county_choices,
    current_stages,
    overdue_frame,
    overdue_table,
    pipeline_frame,
    plan_table,
    stage_spans,
    subsidy_chart_frame,
    subsidy_table,
    target_rows,
    timeline_domain,
    window_frame,
)

D = dt.date
STAGES = pd.DataFrame(
    {
        "code": ["not_started", "launched", "implementing", "self_assessed", "applied", "named"],
        "seq": [0, 1, 2, 3, 4, 8],
        "name_zh": ["未启动", "备案启动", "推进实施", "自评", "申报", "命名"],
        "name_en": ["Not started", "Launched", "Implementing", "Self-assessed", "Applied", "Named"],
    }
)
ENROLMENTS = pd.DataFrame(
    {
        "unit_id": [11, 12, 13],
        "unit_zh": ["街道U11", "街道U12", "街道U13"],
        "unit_en": ["Street 11", None, None],
        "programme_id": [1, 1, 1],
        "enrolled_on": [D(2020, 1, 1), D(2020, 1, 1), D(2020, 6, 1)],
    }
)
EVENTS = pd.DataFrame(
    {
        "programme_id": [1, 1, 1, 1],
        "unit_id": [11, 11, 12, 12],
        "stage_code": ["launched", "implementing", "launched", "implementing"],
        "entered_on": [D(2020, 2, 1), D(2020, 3, 1), D(2019, 12, 1), D(2019, 12, 1)],
    }
)


def test_pipeline_adds_up_counties_and_counts_the_funnel():
    counts = pd.DataFrame(
        {
            "county_code": ["D1", "D1", "D1", "D2"],
            "stage_code": ["not_started", "launched", "implementing", "not_started"],
            "units": [3, 1, 1, 2],
        }
    )
    frame = pipeline_frame(counts, STAGES, "zh")
    assert frame["stage"].tolist() == ["未启动", "备案启动", "推进实施", "自评", "申报", "命名"]
    assert frame["units"].tolist() == [5, 1, 1, 0, 0, 0]
    assert frame["reached"].tolist() == [7, 2, 1, 0, 0, 0]
    assert frame["label"].tolist()[:2] == ["5（累计 7）", "1（累计 2）"]
    assert pipeline_frame(counts, STAGES, "en")["label"].tolist()[0] == "5 (7 reached)"


def test_pipeline_of_no_units_is_all_zero():
    empty = pd.DataFrame(columns=["county_code", "stage_code", "units"])
    frame = pipeline_frame(empty, STAGES, "zh")
    assert frame["units"].sum() == 0 and frame["reached"].sum() == 0


def test_spans_run_from_enrolment_through_each_stage_to_the_as_of_day():
    spans = stage_spans(ENROLMENTS, EVENTS, STAGES, D(2020, 3, 31), "zh")
    u11 = spans[spans["unit_id"] == 11]
    assert list(zip(u11["stage"], u11["start"], u11["end"], strict=True)) == [
        ("未启动", D(2020, 1, 1), D(2020, 2, 1)),
        ("备案启动", D(2020, 2, 1), D(2020, 3, 1)),
        ("推进实施", D(2020, 3, 1), D(2020, 4, 1)),
    ]
    assert u11["end_text"].tolist()[-1] == "2020年3月31日"  # the end shown is the last day in it
    # U12 started before it was enrolled, and two events on one day leave only the later.
    u12 = spans[spans["unit_id"] == 12]
    assert list(zip(u12["stage_code"], u12["start"], strict=True)) == [("implementing", D(2019, 12, 1))]
    # U13 is enrolled after the as-of day.
    assert 13 not in set(spans["unit_id"])
    assert current_stages(spans) == {11: "implementing", 12: "implementing"}


def test_spans_stop_at_the_as_of_day():
    spans = stage_spans(ENROLMENTS, EVENTS, STAGES, D(2020, 2, 15), "en")
    u11 = spans[spans["unit_id"] == 11]
    assert u11["stage"].tolist() == ["Not started", "Launched"]
    assert u11["end"].tolist()[-1] == D(2020, 2, 16)
    assert u11["unit"].tolist()[0] == "Street 11"
    assert spans[spans["unit_id"] == 12]["unit"].tolist()[0] == "街道U12"  # no English name


def test_timeline_domain_looks_half_a_year_ahead_at_most():
    no_spans = pd.DataFrame({"start": []})
    # Dawukou in June 2012: the plan runs to 2015, the axis to the end of 2012.
    assert timeline_domain(D(2011, 5, 1), D(2015, 12, 31), no_spans, D(2012, 6, 30)) == (
        D(2011, 5, 1),
        D(2013, 1, 1),
    )
    # Suining after its end: up to the as-of day.
    assert timeline_domain(D(2015, 1, 1), D(2015, 12, 31), no_spans, D(2016, 2, 29)) == (
        D(2015, 1, 1),
        D(2016, 3, 1),
    )
    # Before the start: from the as-of day.
    assert timeline_domain(D(2011, 5, 1), D(2015, 12, 31), no_spans, D(2010, 12, 31)) == (
        D(2010, 12, 31),
        D(2011, 7, 1),
    )
    # An event before the programme began widens it to the left.
    early = pd.DataFrame({"start": [D(2010, 3, 1)]})
    assert timeline_domain(D(2011, 5, 1), D(2011, 12, 31), early, D(2011, 12, 31))[0] == D(2010, 3, 1)


PLANNED = pd.DataFrame(
    {
        "seq": [1, 2, 3, 4],
        "name_zh": ["启动阶段", "推进实施阶段", "自查、申报和验收阶段", "全面推进阶段"],
        "name_en": ["Launch", "Implementation", "Self-check, application, acceptance", "Roll-out"],
        "planned_start": [D(2011, 5, 1), D(2011, 6, 1), D(2011, 11, 1), D(2012, 1, 1)],
        "planned_end": [D(2011, 5, 31), D(2011, 10, 31), D(2011, 12, 20), D(2015, 12, 31)],
    }
)
MILESTONES = {1: "launched", 2: "implementing", 3: "applied", 4: None}


def test_windows_are_labelled_by_name_where_it_fits_else_by_number():
    # 611 days on 900 px: May is 31 days ≈ 46 px, too narrow for four characters (52 px);
    # June–October 153 days ≈ 225 px; the roll-out shows from 2012-01-01 to the axis end.
    windows = window_frame(PLANNED, STAGES, MILESTONES, (D(2011, 5, 1), D(2013, 1, 1)), 900, "zh")
    assert windows["label"].tolist() == ["1", "推进实施阶段", "3", "全面推进阶段"]
    assert windows["end"].tolist()[0] == D(2011, 6, 1)
    assert windows["band"].tolist() == [0, 1, 0, 1]
    assert windows["mid"].tolist()[3] == D(2012, 7, 2)  # middle of the visible 366 days
    assert windows["expects"].tolist() == ["备案启动", "推进实施", "申报", "不要求"]
    assert windows["period"].tolist()[0] == "2011年5月1日—2011年5月31日"


def test_plan_table_counts_verdicts_per_planned_stage():
    windows = window_frame(PLANNED, STAGES, MILESTONES, (D(2011, 5, 1), D(2013, 1, 1)), 900, "zh")
    judged = pd.DataFrame(
        {
            "stage_seq": [1, 1, 1, 2, 2, 2, 3],
            "verdict": ["on_time", "on_time", "late", "on_time", "overdue", "pending", "pending"],
        }
    )
    table = plan_table(windows, judged, "zh")
    assert list(table.columns) == [
        "计划阶段",
        "计划时间",
        "阶段结束前应到",
        "按期",
        "逾期完成",
        "逾期未到",
        "未到期",
    ]
    assert table.values.tolist()[0] == [
        "1. 启动阶段",
        "2011年5月1日—2011年5月31日",
        "备案启动",
        "2",
        "1",
        "0",
        "0",
    ]
    assert table.values.tolist()[1][3:] == ["1", "0", "1", "1"]
    assert table.values.tolist()[3][2:] == ["不要求", "—", "—", "—", "—"]


OVERDUE = pd.DataFrame(
    {
        "programme_id": [1],
        "unit_id": [12],
        "expected": ["applied"],
        "overdue_since": [D(2011, 5, 31)],
        "days_overdue": [183],
        "stages_overdue": [3],
    }
)


def test_overdue_units_as_flags_and_as_a_table():
    flags = overdue_frame(OVERDUE, ENROLMENTS, STAGES, D(2011, 11, 30), "zh")
    assert flags.to_dict("records") == [
        {
            "unit_id": 12,
            "unit": "街道U12",
            "since": D(2011, 6, 1),
            "until": D(2011, 12, 1),
            "expected": "申报",
            "days": 183,
        }
    ]
    table = overdue_table(OVERDUE, ENROLMENTS, STAGES, {12: "launched"}, "zh")
    assert list(table.columns) == ["单位", "目前阶段", "应到阶段", "应到日期", "逾期天数"]
    assert table.values.tolist() == [["街道U12", "备案启动", "申报", "2011年5月31日", "183"]]
    english = overdue_table(OVERDUE, ENROLMENTS, STAGES, {}, "en")
    assert english.values.tolist() == [["街道U12", "Not started", "Applied", "2011-05-31", "183"]]


def test_a_stage_ending_on_the_as_of_day_is_overdue_that_day():
    # Planned end 2011-11-30, viewed as of 2011-11-30: overdue at the day's end, 0 days past.
    that_day = OVERDUE.assign(overdue_since=[D(2011, 11, 30)], days_overdue=[0])
    assert overdue_table(that_day, ENROLMENTS, STAGES, {}, "zh").iloc[0, 4] == "0（当日到期）"
    assert overdue_table(that_day, ENROLMENTS, STAGES, {}, "en").iloc[0, 4] == "0 (due that day)"


def _assessed(**columns):
    base = {
        "programme_code": ["PR", "PR"],
        "target_code": ["T1", "T3"],
        "description_zh": ["甲区80%", "补助10万元"],
        "description_en": ["80% of D1", "100,000 yuan"],
        "due_date": [D(2020, 12, 31), D(2020, 12, 31)],
        "shape": ["share", "budget"],
        "units": [5.0, None],
        "required": [4.0, 100000.0],
        "achieved": [1.0, 85000.0],
        "gap": [3.0, 15000.0],
        "met": [False, False],
    }
    return pd.DataFrame(base | columns)


def test_target_rows_show_money_in_wan_yuan_the_forecast_status_and_what_is_still_needed():
    # T1: 3 units over 30 months is 0.1 a month, said as the units over the months left;
    # T3 missed: nothing is needed any more.
    forecast = _assessed(status=["at_risk", "missed"], needed_per_month=[0.1, None], months_left=[30.0, None])
    table = target_rows(forecast, "zh")
    assert list(table.columns) == ["目标", "到期日", "应达", "已达", "差距", "占比", "状态", "到期前还需"]
    assert table.values.tolist() == [
        ["PR T1\u3000甲区80%", "2020年12月31日", "4", "1", "3", "20.0%", "有风险", "30个月内3个"],
        ["PR T3\u3000补助10万元", "2020年12月31日", "10万元", "8.5万元", "1.5万元", "—", "逾期未完成", "—"],
    ]
    english = target_rows(forecast, "en")
    assert english.values.tolist()[0][-2:] == ["At risk", "3 (months left: 30)"]
    assert english.values.tolist()[1] == [
        "PR T3 · 100,000 yuan",
        "2020-12-31",
        "¥100,000",
        "¥85,000",
        "¥15,000",
        "—",
        "Missed",
        "—",
    ]


def test_target_rows_without_a_forecast_say_met_or_not():
    assert target_rows(_assessed(), "zh")["状态"].tolist() == ["未完成", "未完成"]


SUBSIDIES = pd.DataFrame(
    {
        "region_code": ["D3", "U31", "U32"],
        "region_zh": ["丙区", "街道U31", "街道U32"],
        "region_en": ["District Three", None, None],
        "level": ["county", "unit", "unit"],
        "allocated": [100000.0, 20000.0, 0.0],
        "disbursed": [60000.0, 20000.0, 0.0],
        "received": [float("nan"), 20000.0, 0.0],
        "spent": [float("nan"), 14000.0, 1000.0],
    }
)


def test_subsidy_table_in_wan_yuan_with_a_total():
    table = subsidy_table(SUBSIDIES, "丙区", "zh")
    assert list(table.columns) == [
        "对象",
        "下达",
        "拨付",
        "到位（月报）",
        "经费支出（含自筹，月报）",
        "拨付率",
        "到位率",
    ]
    # 拨付率 = 拨付 ÷ 下达: 6 ÷ 10, 2 ÷ 2, total 8 ÷ 12 = 66.7%.  到位率 = 到位 ÷ 下达 over
    # units with an allocation and reports: U31 alone, 2 ÷ 2.  Spending is no rate.
    assert table.values.tolist() == [
        ["丙区（区县统筹）", "10万元", "6万元", "—", "—", "60.0%", "—"],
        ["街道U31", "2万元", "2万元", "2万元", "1.4万元", "100.0%", "100.0%"],
        ["街道U32", "0万元", "0万元", "0万元", "0.1万元", "—", "—"],
        ["合计", "12万元", "8万元", "2万元", "1.5万元", "66.7%", "100.0%"],
    ]
    english = subsidy_table(SUBSIDIES, "District Three", "en")
    assert english.values.tolist()[0][:3] == ["District Three (county level)", "¥100,000", "¥60,000"]
    assert english.values.tolist()[-1][0] == "Total"


def test_subsidy_chart_frame_is_long_and_leaves_out_the_county_reports():
    frame = subsidy_chart_frame(SUBSIDIES, "丙区", "zh")
    county = frame[frame["recipient"] == "丙区（区县统筹）"]
    assert county[["measure", "amount"]].values.tolist() == [["下达", 10.0], ["拨付", 6.0]]
    u31 = frame[frame["recipient"] == "街道U31"]
    assert u31["amount"].tolist() == [2.0, 2.0, 2.0, 1.4]
    assert u31["measure_seq"].tolist() == [0, 1, 2, 3]
    assert subsidy_chart_frame(SUBSIDIES, "District Three", "en")["amount"].max() == 100000.0  # yuan


def test_county_choices_name_the_enrolled_units():
    counties = pd.DataFrame(
        {"code": ["D1", "D4"], "name_zh": ["甲区", "丁区"], "name_en": ["District One", None]}
    )
    enrolled = pd.Series({"D1": 5})
    assert county_choices(counties, enrolled, "zh") == [
        ("D1", "甲区（5 个单位参加创建）"),
        ("D4", "丁区（0 个单位参加创建）"),
    ]
    assert county_choices(counties, enrolled, "en")[0] == ("D1", "District One (enrolled: 5)")
    assert county_choices(counties, enrolled, "en")[1] == ("D4", "丁区 (enrolled: 0)")
