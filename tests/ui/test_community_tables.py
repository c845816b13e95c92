"""Display transforms of the community page, on tiny hand-made frames."""

import datetime as dt

import pandas as pd

from oversight.changes import year_on_year
from ui.community_tables import (
    activity_frame,
    format_change,
    grade_cells,
    latest_grade_counts,
    outcome_note,
    outcome_table,
    period_label,
    quarters_and_years,
    report_schemes,
    reports_table,
    revisions_table,
    shortfall_table,
    stage_timeline,
    titles_table,
    unit_labels,
)

D = dt.date


def test_unit_labels_name_the_county():
    choices = pd.DataFrame(
        {
            "code": ["640202001", "X1"],
            "name_zh": ["朝阳街道", "某镇"],
            "name_en": ["Chaoyang", None],
            "county_zh": ["大武口区", None],
            "county_en": ["Dawukou District", None],
        }
    )
    assert unit_labels(choices, "zh") == {"640202001": "朝阳街道（大武口区）", "X1": "某镇"}
    assert unit_labels(choices, "en") == {"640202001": "Chaoyang (Dawukou District)", "X1": "某镇"}


def test_period_labels():
    assert period_label(2015, 1, "zh") == "2015年第1季度"
    assert period_label(2015, 1, "en") == "2015 Q1"
    assert period_label(2015, 0, "zh") == "2015年"


def test_titles_table_says_what_renewed_or_revoked_a_title():
    titles = pd.DataFrame(
        {
            "id": [1, 6, 7],
            "level_zh": ["全国安全社区"] * 3,
            "level_en": ["National"] * 3,
            "named_on": [D(2011, 12, 28), D(2016, 12, 20), D(2013, 12, 16)],
            "certificate_no": ["N-1", "N-1R", "N-7"],
            "valid_until": [D(2016, 12, 28), None, D(2018, 12, 16)],
            "revoked_on": [None, None, D(2017, 6, 30)],
            "revocation_reason": [None, None, "复评未通过"],
            "status": ["renewed", "valid", "revoked"],
            "renewed_by": pd.array([6, None, None], dtype="Int64"),
        }
    )
    assert titles_table(titles, "zh").values.tolist() == [
        ["全国安全社区", "2011年12月28日", "N-1", "2016年12月28日", "已再命名", "由证书 N-1R 接续"],
        ["全国安全社区", "2016年12月20日", "N-1R", "长期", "有效", ""],
        [
            "全国安全社区",
            "2013年12月16日",
            "N-7",
            "2018年12月16日",
            "已撤销",
            "2017年6月30日撤销：复评未通过",
        ],
    ]
    assert list(titles_table(titles, "en").columns) == [
        "Level",
        "Named on",
        "Certificate",
        "Valid until",
        "Status",
        "Note",
    ]


def test_stage_timeline_plan_and_reached_stages():
    plan = pd.DataFrame(
        {
            "programme_code": ["PR2", "PR2"],
            "programme_zh": ["第二期"] * 2,
            "programme_en": ["Second"] * 2,
            "seq": [1, 2],
            "stage_zh": ["启动", "实施"],
            "stage_en": ["Launch", "Implementation"],
            "planned_start": [D(2021, 1, 1), D(2021, 4, 1)],
            "planned_end": [D(2021, 3, 31), D(2021, 12, 31)],
        }
    )
    events = pd.DataFrame(
        {
            "entered_on": [D(2021, 2, 1), D(2021, 3, 1), D(2021, 9, 1)],
            "name_zh": ["备案启动", "推进实施", "自评"],
            "name_en": ["Launched", "Implementing", "Self-assessed"],
            "programme_code": ["PR2"] * 3,
        }
    )
    frame = stage_timeline(plan, events, D(2021, 6, 30), "zh")
    # The planned end is inclusive, so a bar runs to the next day; the stage reached last
    # runs to the day viewed; the self-assessment of September is not yet known in June.
    assert frame[["lane", "label", "start", "end", "start_text", "end_text"]].values.tolist() == [
        ["plan", "启动", pd.Timestamp(2021, 1, 1), pd.Timestamp(2021, 4, 1), "2021年1月1日", "2021年3月31日"],
        [
            "plan",
            "实施",
            pd.Timestamp(2021, 4, 1),
            pd.Timestamp(2022, 1, 1),
            "2021年4月1日",
            "2021年12月31日",
        ],
        [
            "actual",
            "备案启动",
            pd.Timestamp(2021, 2, 1),
            pd.Timestamp(2021, 3, 1),
            "2021年2月1日",
            "2021年2月28日",
        ],
        [
            "actual",
            "推进实施",
            pd.Timestamp(2021, 3, 1),
            pd.Timestamp(2021, 6, 30),
            "2021年3月1日",
            "2021年6月30日",
        ],
    ]
    assert frame["lane_label"].tolist()[:1] == ["方案计划阶段"]
    assert stage_timeline(plan.iloc[0:0], events.iloc[0:0], D(2021, 6, 30), "zh").empty


def test_grade_cells_label_parts_only_when_the_scheme_has_several():
    grades = pd.DataFrame(
        {
            "month": [D(2020, 1, 1), D(2020, 1, 1), D(2020, 2, 1)],
            "indicator_seq": [1, 1, 1],
            "item_code": ["1.2", "1.1", "1.1"],
            "item_seq": [2, 1, 1],
            "part_code": ["overall"] * 3,
            "part_seq": [1, 1, 1],
            "grade": ["B", "C", "A"],
            "fraction": [0.5, 0.0, 1.0],
        }
    )
    items = pd.DataFrame(
        {"item_code": ["1.1", "1.2"], "item_zh": ["领导机构", "执行机构"], "item_en": ["Lead", "Exec"]}
    )
    parts = pd.DataFrame({"code": ["overall"], "name_zh": ["总体"], "name_en": ["Overall"]})
    cells = grade_cells(grades, items, parts, "zh")
    assert cells[["month_text", "row", "row_order", "item_text", "grade"]].values.tolist() == [
        ["2020年1月", "1.2", 1, "执行机构", "B"],
        ["2020年1月", "1.1", 0, "领导机构", "C"],
        ["2020年2月", "1.1", 0, "领导机构", "A"],
    ]
    several = grades.assign(part_code=["existence", "existence", "effect"], part_seq=[1, 1, 3])
    parts = pd.DataFrame(
        {"code": ["existence", "effect"], "name_zh": ["有无", "效果"], "name_en": ["Existence", "Effect"]}
    )
    assert grade_cells(several, items, parts, "zh")["row"].tolist() == ["1.2 有无", "1.1 有无", "1.1 效果"]
    assert latest_grade_counts(grades) == (D(2020, 2, 1), {"A": 1})


def test_the_schemes_of_a_units_reports_key_its_scheme_lists():
    assert report_schemes(pd.DataFrame({"scheme_id": [2, 1, 2]})) == (1, 2)


def test_periods_come_apart_into_quarters_and_years():
    periods = pd.DataFrame({"year": [2020, 2020, 2020], "quarter": [0, 1, 2], "months_reported": [5, 2, 3]})
    quarters, years = quarters_and_years(periods)
    assert quarters[["quarter", "months_reported"]].values.tolist() == [[1, 2], [2, 3]]
    assert list(quarters.index) == [0, 1]
    assert years[["year", "months_reported"]].values.tolist() == [[2020, 5]]


RULES = pd.DataFrame(
    {
        "measure": ["education_events"],
        "name_zh": ["居民安全教育每季度不少于一次"],
        "name_en": ["Education each quarter"],
    }
)


def _judged() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2020, 2020],
            "quarter": [2, 2],
            "measure": ["education_events", "trainings"],
            "value": [0.0, 2.0],
            "minimum": [1.0, None],
            "required": [1.0, None],
            "months_owed": [3, 3],
            "months_reported": [3, 3],
            "verdict": ["violated", "no_rule"],
        }
    )


def test_activity_frame_and_shortfalls():
    frame = activity_frame(_judged(), RULES, "zh")
    assert frame[
        ["period", "period_short", "period_order", "measure_label", "verdict_label"]
    ].values.tolist() == [
        ["2020年第2季度", "2020Q2", 20202, "居民安全教育（居民安全教育每季度不少于一次）", "未达底线"],
        ["2020年第2季度", "2020Q2", 20202, "培训", "无底线要求"],
    ]
    assert shortfall_table(_judged(), "zh").values.tolist() == [
        ["2020年第2季度", "居民安全教育", "0", "1", "已报 3 / 应报 3 个月"]
    ]


def test_changes_read_the_chinese_way():
    assert format_change(2, 200.0) == "+2（+200.0%）"
    assert format_change(-1, -25.0) == "−1（−25.0%）"
    assert format_change(3, None) == "+3"
    assert format_change(0, 0.0) == "0"
    assert format_change(None, None) == "—"
    assert format_change(-1, -25.0, "en") == "−1 (−25.0%)"


def test_outcome_table_totals_compare_when_every_domain_has_a_previous_year():
    changes = pd.DataFrame(
        {
            "year": [2021, 2021],
            "domain_seq": [4, 5],
            "domain_zh": ["家居安全", "交通安全"],
            "domain_en": ["Home", "Traffic"],
            "accidents": [3, 1],
            "injuries": [3, 1],
            "accidents_previous": [1.0, 2.0],
            "injuries_previous": [4.0, 3.0],
            "accidents_change": [2.0, -1.0],
            "injuries_change": [-1.0, -2.0],
            "accidents_change_pct": [200.0, -50.0],
            "injuries_change_pct": [-25.0, -200 / 3],
            "months_reported": [2, 2],
            "months_reported_previous": [2.0, 2.0],
            "comparable": [True, True],
        }
    )
    assert outcome_table(changes, 2021, "zh").values.tolist() == [
        ["家居安全", "3", "+2（+200.0%）", "3", "−1（−25.0%）"],
        ["交通安全", "1", "−1（−50.0%）", "1", "−2（−66.7%）"],
        ["合计", "4", "+1（+33.3%）", "4", "−3（−42.9%）"],
    ]
    assert outcome_table(changes, 2020, "zh").empty
    assert outcome_note(changes, 2021, "zh") is None


def test_outcome_table_does_not_compare_a_year_with_fewer_months():
    # 2008 began in May: 2 months of reports against 6 in 2009; the programme's start, not
    # the unit, would make 1 accident become 14 (+1300%).
    changes = year_on_year(
        pd.DataFrame(
            {
                "year": [2008, 2009],
                "months_reported": [2, 6],
                "domain_code": ["home", "home"],
                "domain_seq": [4, 4],
                "domain_zh": ["家居安全"] * 2,
                "domain_en": ["Home"] * 2,
                "accidents": [1, 14],
                "injuries": [0, 3],
            }
        ),
        ["accidents", "injuries"],
        keys=["domain_code"],
        months="months_reported",
    )
    assert outcome_table(changes, 2009, "zh").values.tolist() == [
        ["家居安全", "14", "不可比", "3", "不可比"],
        ["合计", "14", "不可比", "3", "不可比"],
    ]
    assert (
        outcome_note(changes, 2009, "zh")
        == "2008 年同期有 2 个月的月报，2009 年有 6 个月：月数不同，同比不可比。"
    )
    assert outcome_note(changes, 2009, "en") == (
        "2008 has reports for 2 of these months, 2009 for 6: the periods differ, so the years are not compared."
    )
    # 2008 itself has no year before: unknown, not "not comparable".
    assert outcome_table(changes, 2008, "en").values.tolist()[0] == ["Home", "1", "—", "0", "—"]
    assert outcome_note(changes, 2008, "zh") is None


def _reports() -> pd.DataFrame:
    base = {
        "stage_code": "launched",
        "education_events": 1,
        "trainings": 0,
        "drills": 0,
        "inspections": 1,
        "hazards_found": 2,
        "hazards_rectified": 1,
        "participation_rate": 55.0,
        "satisfaction_rate": None,
        "funds_spent": 12345.0,
        "subsidy_received": 0.0,
    }
    rows = [
        {**base, "month": D(2020, 1, 1), "revision": 1, "is_current": False, "submitted_by": "甲"},
        {**base, "month": D(2020, 1, 1), "revision": 2, "is_current": True, "submitted_by": "乙"},
        {**base, "month": D(2020, 2, 1), "revision": 1, "is_current": True, "submitted_by": "甲"},
    ]
    frame = pd.DataFrame(rows)
    frame["submitted_at"] = pd.to_datetime(["2020-02-10 23:00", "2020-04-20 09:00", "2020-03-11 08:00"])
    return frame


PLAN = pd.DataFrame(
    {"start_date": [D(2020, 1, 1)], "end_date": [D(2020, 12, 31)], "report_deadline_day": [10]}
)


def test_reports_table_counts_lateness_from_the_first_submission():
    table = reports_table(_reports(), PLAN, "zh", {"launched": "备案启动"})
    assert table.iloc[:, :6].values.tolist() == [
        ["2020年2月", "2020年3月11日 08:00", "甲", "迟报", 0, "备案启动"],
        ["2020年1月", "2020年2月10日 23:00", "甲", "按时", 1, "备案启动"],
    ]
    assert table["资金支出"].tolist() == ["1.23万元", "1.23万元"]
    assert table["满意度"].tolist() == ["—", "—"]


def test_revisions_table_formats_values_and_drops_before_when_corrected_once():
    changes = pd.DataFrame(
        {
            "month": [D(2020, 1, 1), D(2020, 1, 1), D(2020, 1, 1)],
            "revision": [2, 2, 2],
            "changed_at": pd.to_datetime(["2020-04-20 09:00"] * 3),
            "changed_by": ["测试员"] * 3,
            "reason": ["1.1 应为 C"] * 3,
            "kind": ["grade", "field", "domain"],
            "field": ["1.1", "funds_spent", "home"],
            "part": ["overall", "", "injuries"],
            "first_value": ["A", 10000.0, 1],
            "previous_value": ["A", 10000.0, 1],
            "new_value": ["C", 15000.0, None],
        }
    )
    table = revisions_table(changes, "zh", {}, {"home": "家居安全"}, {"overall": "总体"})
    assert table.values.tolist() == [
        ["2020年1月", "第2版", "2020年4月20日 09:00", "测试员", "1.1 应为 C", "指标 1.1 自评等级", "A", "C"],
        ["2020年1月", "第2版", "2020年4月20日 09:00", "测试员", "1.1 应为 C", "资金支出", "1万元", "1.5万元"],
        ["2020年1月", "第2版", "2020年4月20日 09:00", "测试员", "1.1 应为 C", "家居安全·伤害数", "1", "—"],
    ]
    english = revisions_table(changes.assign(revision=[3, 3, 3]), "en", {}, {"home": "Home"}, {})
    assert list(english.columns)[-3:] == ["First reported", "Before", "Corrected to"]
    assert english.iloc[1, -3:].tolist() == ["¥10,000", "¥10,000", "¥15,000"]


def test_every_key_the_page_builds_exists_in_both_languages():
    """Keys put together from codes (verdicts, statuses, fields) escape the i18n test's scan."""
    from oversight.community import DOMAIN_FIELDS, REPORT_FIELDS, TITLE_STATUSES
    from oversight.i18n import MESSAGES
    from ui.charts.community import VERDICT_COLOURS

    measures = [
        "education_events",
        "trainings",
        "drills",
        "inspections",
        "reviews_held",
        "hazards_found",
        "hazards_rectified",
        "participation_rate",
        "satisfaction_rate",
        "accidents",
        "injuries",
    ]
    keys = [
        *(f"community.verdict_{v}" for v in VERDICT_COLOURS),
        *(f"community.title_{s}" for s in TITLE_STATUSES),
        *(f"community.field_{f}" for f in REPORT_FIELDS),
        *(f"community.domain_{f}" for f in DOMAIN_FIELDS),
        *(f"community.measure_{m}" for m in measures),
        *(f"community.kind_{k}" for k in ("street", "township")),
        *(f"community.lane_{lane}" for lane in ("plan", "actual")),
        *(f"community.money_{key}" for key in ("received", "spent")),
    ]
    for lang in ("zh", "en"):
        assert [key for key in keys if key not in MESSAGES[lang]] == []
