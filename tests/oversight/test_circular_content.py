"""The circular's content from tests/fixture_circular.py's hand-built ranking and figures:
problems naming the units, the requirements' draft, addressees, lists and tables."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from oversight.circular.addressees import addressees, county_kind
from oversight.circular.content import (
    Circular,
    Issue,
    build_circular,
    change_text,
    county_table,
    list_lines,
    overview_paragraphs,
    title,
    unit_table,
)
from oversight.circular.figures import Change
from oversight.circular.problems import problem_text, problems_of
from oversight.circular.requirements import chinese_number, draft_requirements
from oversight.ranking.results import CountyRank, Fact
from tests.fixture_circular import FIGURES, INSPECTIONS, ranking


@pytest.fixture
def circular() -> Circular:
    return build_circular(ranking(), FIGURES)


def texts(circular: Circular, lang: str = "zh") -> dict[str, str]:
    return {p.key: problem_text(p, lang) for p in circular.problems}


def test_problems_grouped_by_kind_in_order(circular):
    assert [p.key for p in circular.problems] == [
        "missing_reports",
        "late_reports",
        "overdue_stages",
        "rules_not_met",
        "hazards_open",
        "subsidy_undisbursed",
        "vetoes",
    ]


def test_problems_name_the_units(circular):
    found = texts(circular)
    assert (
        found["missing_reports"] == "月报缺报。2个单位有月报未报：街道B2（2015年9月）、街道B1（2015年9月）。"
    )
    assert found["late_reports"] == "月报迟报。1个单位有月报逾期报送：街道A2（2015年8月迟报10天）。"
    assert "街道B1（推进实施阶段计划2015年6月30日结束，已逾期92天）" in found["overdue_stages"]
    assert "街道B1（“综合性安全检查全年不少于4次”：2015年1月—12月实际1，应达3）" in found["rules_not_met"]
    assert found["hazards_open"] == "隐患整改不到位。1个单位有隐患未整改：街道A1（未整改3项）。"
    # 甲县 120,000 allocated, 80,000 disbursed; 乙区 50,000, none.
    assert "甲县（未拨付4万元）、乙区（未拨付5万元）" in found["subsidy_undisbursed"]
    assert found["vetoes"].startswith("发生一票否决事项。3个单位：街道A1（2015年9月发生死亡事故")


def test_problems_in_english_through_the_same_facts(circular):
    found = texts(circular, "en")
    assert (
        found["missing_reports"] == "Missing reports (units: 2): Street B2 (Sep 2015); Street B1 (Sep 2015)."
    )
    assert "District Two (¥50,000 not disbursed)" in found["subsidy_undisbursed"]


def test_no_problem_no_fact():
    clean = dataclasses.replace(
        ranking(),
        units=tuple(
            dataclasses.replace(
                u, vetoes=(), components=tuple(dataclasses.replace(c, facts=()) for c in u.components)
            )
            for u in ranking().units
        ),
    )
    paid = dataclasses.replace(
        FIGURES, counties=tuple(dataclasses.replace(c, disbursed=c.allocated) for c in FIGURES.counties)
    )
    assert problems_of(clean, paid) == ()


def test_requirements_draft_says_who_what_by_when(circular):
    lines = circular.requirements.splitlines()
    assert (
        lines[0]
        == "（一）抓紧补报月报。街道B2、街道B1须于2015年10月31日前补报2015年9月月报，今后每月10日前按时报送。"
    )
    assert (
        lines[3]
        == "（四）补足活动短板。街道B1须于2015年12月31日前达到“综合性安全检查全年不少于4次”的要求（尚差2）。"
    )
    assert "（六）加快资金拨付。甲县、乙区安监局要会同财政部门于2015年10月31日前" in lines[5]
    assert lines[-1].startswith("（八）狠抓工作落实。各县（区）安监局要对照本通报")
    assert len(lines) == 8


def test_a_minimum_whose_period_is_over_is_kept_from_now_on():
    first_quarter = {"period_start": "2015-01-01", "period_end": "2015-03-01"}
    items = [{**INSPECTIONS.values, **first_quarter, "unit_zh": "街道B1", "unit_en": "Street B1"}]
    text = draft_requirements(ranking(), (Fact("rules_not_met", {"items": items}),))
    assert (
        text.splitlines()[0]
        == "（一）补足活动短板。街道B1在2015年1月—3月未达到“综合性安全检查全年不少于4次”的要求，今后须按期达到。"
    )


def test_edited_requirements_are_kept():
    circular = build_circular(ranking(), FIGURES, requirements="（一）全文照此执行。")
    assert circular.requirements == "（一）全文照此执行。"
    assert (
        draft_requirements(ranking(), ())
        == "（一）狠抓工作落实。各县（区）安监局要对照本通报，督促本辖区创建单位查漏补缺，确保按期完成年度创建任务。"
    )


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_addressees_from_the_counties_kinds():
    assert addressees(ranking(), "zh") == "各县（区）安监局："
    suining = ("船山区", "射洪县", "蓬溪县", "河东新区", "遂宁经济技术开发区")
    counties = tuple(
        CountyRank(i, str(i), name, name, 1, 80.0, 0.0, 80.0, "pass", i, None, (), ())
        for i, name in enumerate(suining, 1)
    )
    assert addressees(dataclasses.replace(ranking(), counties=counties), "zh") == "各县（区）、园区安监局："
    assert [county_kind(n) for n in suining] == ["district", "county", "county", "park", "park"]


def test_title_and_lists(circular):
    assert title(circular, "zh") == "关于2015年9月安全社区建设情况的通报"
    assert list_lines(circular, "zh") == (
        "红榜（1个）：街道A2。",
        "黑榜（3个）：街道A1、街道B2、街道B1（连续上榜，本年第2次）。",
    )


def test_tables(circular):
    headers, rows = county_table(circular, "zh")
    assert headers == ["名次", "区县", "单位数", "单位平均分", "目标完成率", "得分", "等级", "名次变化"]
    assert rows == [
        [1, "甲县", 2, 93.75, 50.0, 80.63, "达标", "—"],
        [2, "乙区", 2, 75.25, 0.0, 52.68, "不达标", "—"],
    ]
    headers, rows = unit_table(circular, "zh")
    assert [row[:8] for row in rows] == [
        [1, "街道A2", "甲县", 1, 97.5, "优秀", "↑1", "红榜"],
        [2, "街道A1", "甲县", 2, 90.0, "不达标", "↓1", "黑榜"],
        [3, "街道B2", "乙区", 1, 83.0, "不达标", "—", "黑榜"],
        [4, "街道B1", "乙区", 2, 67.5, "不达标", "—", "黑榜"],
    ]
    assert rows[1][8] == "发生死亡事故"


def test_overview_with_changes(circular):
    units, reports, outcomes, hazards, money = overview_paragraphs(circular, "zh")
    assert "截至2015年9月30日，未启动2个，备案启动1个，推进实施1个。" in units
    assert "省级安全社区1个" in units
    assert reports.startswith("2015年9月月报应报4份，按时报送2份，缺报2份（截至2015年10月10日）")
    assert "事故4起，同比增加2（100.0%），环比增加3（300.0%）" in outcomes
    # The year to date (4 reports against 3) is not compared, and the note says why.
    assert outcomes.endswith("2015年累计事故5起。两期月报份数不同或上期没有月报的，不作同比、环比。")
    assert (
        hazards
        == "2015年9月排查隐患5项，同比增加5，环比减少1（16.7%），整改2项；2015年累计排查11项，整改7项。"
    )
    assert money == "补助资金已下达17万元，已拨付8万元。"


def test_the_overview_names_the_programme_in_the_language_read(circular):
    # The English preview named Suining's programme in Chinese.
    assert overview_paragraphs(circular, "zh")[0].startswith("圆市共有4个单位参加圆市安全社区建设方案。")
    assert overview_paragraphs(circular, "en")[0].startswith(
        "Units of Round City taking part in Round City programme: 4."
    )


def test_change_texts():
    assert change_text(Change(None, None, None), "zh") == "无可比数据"
    assert change_text(Change(3, None, None), "zh") == "月报数不同，不可比"
    assert change_text(Change(6, -1, -16.7), "zh") == "减少1（16.7%）"
    assert change_text(Change(0, 2, None), "en") == "up 2"
    assert change_text(Change(2, 0, 0.0), "zh") == "持平"


def test_circular_reads_back_equal_from_json(circular):
    issued = dataclasses.replace(
        circular, issue=Issue("圆市安全生产监督管理局", "圆安监通〔2015〕9号", dt.date(2015, 10, 12))
    )
    for one in (circular, issued):
        assert Circular.from_json(one.to_json()) == one


def test_a_unit_with_several_late_reports_is_named_and_counted_once():
    base = ranking()
    a2 = base.units[0]
    reporting = next(c for c in a2.components if c.code == "reporting")
    twice = dataclasses.replace(
        reporting, facts=(Fact("report.late", {"month": "2015-07-01", "days": 3}), *reporting.facts)
    )
    a2 = dataclasses.replace(
        a2, components=tuple(twice if c.code == "reporting" else c for c in a2.components)
    )
    circular = build_circular(dataclasses.replace(base, units=(a2, *base.units[1:])), FIGURES)
    assert (
        texts(circular)["late_reports"]
        == "月报迟报。1个单位有月报逾期报送：街道A2（2015年7月迟报3天、2015年8月迟报10天）。"
    )
