"""The community page's view built without AppTest, on the hand-written programme of
tests/fixture_programme.py and the extra U12 data of tests/fixture_community.py.

The figures are those worked out by hand there and asserted on the drawn page in
tests/pages/test_community.py; here they are read from the view's fields."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access import regions
from tests.fixture_community import load_extra
from ui.filters import Filters
from ui.views import community as views
from ui.views.community import chooser_view, community_view


@pytest.fixture
def loaders(programme_engine):
    """Plain loaders over the engine in place of the cached ``ui.data`` ones."""
    load_extra(programme_engine)

    def load(query, *args):
        return query(programme_engine, *args)

    return load


def _filters(loaders, month: str, lang: str = "zh", county: str | None = None) -> Filters:
    year, number = map(int, month.split("-"))
    return Filters(
        lang,
        loaders(regions.find_region, "C"),
        dt.date(year, number, 1),
        None if county is None else loaders(regions.find_region, county),
    )


def _values(frame) -> list[list]:
    return getattr(frame, "data", frame).values.tolist()


def test_chooser_lists_the_region_and_names_an_unknown_code(loaders):
    chooser = chooser_view(_filters(loaders, "2020-12"), "NOPE", reference=loaders)
    assert (
        chooser.unknown == "链接中的社区编码 NOPE 不存在或不在您的查看范围内。请从下面的列表中选择一个社区。"
    )
    assert chooser.outside is None
    assert [chooser.labels[code] for code in chooser.options] == [
        "街道U11（甲区）",
        "街道U12（甲区）",
        "街道U13（甲区）",
        "街道U14（甲区）",
        "街道U15（甲区）",
        "街道U21（乙区）",
        "街道U22（乙区）",
    ]


def test_chooser_offers_a_unit_outside_the_county_first(loaders):
    chooser = chooser_view(_filters(loaders, "2020-12", county="D2"), "U11", reference=loaders)
    assert chooser.options == ["U11", "U21", "U22"]
    assert chooser.outside == "U11"
    assert chooser.unknown is None


def test_u11_profile_titles_and_its_correction(loaders):
    view = community_view(_filters(loaders, "2020-12"), "U11", fetch=loaders, reference=loaders)
    assert view.name == "街道U11"
    assert view.outside_notice is None
    profile = view.profile
    assert profile.facts == "**所属区县**：甲区\u3000**类型**：街道\u3000**试点单位**"
    # January and February reported; every month of 2020 owed by the end of the year.
    assert profile.tiles == [("当前阶段", "推进实施"), ("有效命名", "1"), ("已报 / 应报月报", "2 / 12")]
    assert profile.stage_since == "自 2020年3月1日 起处于该阶段"
    assert _values(profile.titles) == [["全国安全社区", "2020年9月1日", "N-U11", "2025年8月31日", "有效", ""]]
    record = view.record
    # The fixture's only correction: January's item 1.1 from A to C, by 测试员 on 2020-04-20.
    assert _values(record.reports.corrections) == [
        ["2020年1月", "第2版", "2020年4月20日 09:00", "测试员", "1.1 应为 C", "指标 1.1 自评等级", "A", "C"]
    ]
    assert record.reports.sent.iloc[:, :5].values.tolist() == [
        ["2020年2月", "2020年3月15日 10:00", "测试员", "迟报", 0],
        ["2020年1月", "2020年2月5日 10:00", "测试员", "按时", 1],
    ]
    assert record.grades.caption == (
        "每列为一次自评（每月报送的45项二级指标等级）。最近一次自评 2020年2月：A 45，B 0，C 0。"
    )


def test_u12_activities_hazards_money_and_outcomes(loaders):
    view = community_view(_filters(loaders, "2020-12"), "U12", fetch=loaders, reference=loaders)
    assert view.profile.tiles == [("当前阶段", "备案启动"), ("有效命名", "1"), ("已报 / 应报月报", "5 / 12")]
    record = view.record
    assert record.grades.empty == "截至所选月份尚无自评等级。"
    # No education event after January: the second quarter (reported in full) and the
    # third and fourth (not reported: counted as none) fall short; 2020's reports hold
    # 1 + 3 + 0 inspections (4: met) and no review (0 < 1).
    assert record.activities.shortfalls.values.tolist() == [
        ["2020年第2季度", "居民安全教育", "0", "1", "已报 3 / 应报 3 个月"],
        ["2020年第3季度", "居民安全教育", "0", "1", "已报 0 / 应报 3 个月"],
        ["2020年第4季度", "居民安全教育", "0", "1", "已报 0 / 应报 3 个月"],
        ["2020年", "绩效评审", "0", "1", "已报 5 / 应报 12 个月"],
    ]
    assert record.hazards.caption == "累计发现 7 处，整改 6 处，整改率 85.7%。"
    assert (
        record.money.caption
        == "按月报累计：补助到位 3万元，经费支出 1.75万元（含自筹资金，不是补助的支出）。"
    )
    assert record.money.allocations.values.tolist() == [
        ["甲区", "2020年1月15日", "3万元", "2万元", "街道补助"]
    ]
    yoy = _values(record.outcomes.table)
    assert yoy[3] == ["家居安全", "1", "—", "4", "—"]  # no 2019 to compare with
    assert yoy[-1] == ["合计", "3", "—", "7", "—"]
    assert record.reports.sent["更正次数"].tolist() == [0, 0, 0, 2, 0]


def test_year_on_year_over_unlike_periods_is_said(loaders):
    # June 2021: 2 months of 2021 reported against 5 of 2020 (tests/pages/test_community.py).
    view = community_view(_filters(loaders, "2021-06"), "U12", fetch=loaders, reference=loaders)
    assert view.record.outcomes.note == "2020 年同期有 5 个月的月报，2021 年有 2 个月：月数不同，同比不可比。"


def test_unit_without_reports_halts_after_the_stages(loaders):
    view = community_view(_filters(loaders, "2020-12"), "U13", fetch=loaders, reference=loaders)
    assert view.record is None
    assert view.halt == "街道U13截至2020年12月尚未报送任何月报，没有自评、活动、事故伤害和资金记录。"
    assert view.profile.tiles == [("当前阶段", "未启动"), ("有效命名", "1"), ("已报 / 应报月报", "0 / 12")]


def test_month_before_the_programme_halts(loaders):
    view = community_view(_filters(loaders, "2019-10"), "U11", fetch=loaders, reference=loaders)
    assert view.record is None
    assert view.halt == (
        "2019年10月早于街道U11应报月报的起始月（2020年1月），尚无月报、活动和自评记录。请在侧栏选择更晚的月份。"
    )
    assert view.profile.titles is None
    assert view.profile.titles_note == "尚无安全社区命名。"


def test_titles_as_of_the_month(loaders):
    revoked = community_view(_filters(loaders, "2020-12"), "U15", fetch=loaders, reference=loaders)
    assert _values(revoked.profile.titles) == [
        ["全国安全社区", "2020年5月1日", "N-U15", "2025年4月30日", "已撤销", "2020年10月1日撤销："]
    ]
    expired = community_view(_filters(loaders, "2020-12"), "U22", fetch=loaders, reference=loaders)
    assert [row[4] for row in _values(expired.profile.titles)] == ["已过期"]


def test_in_english(loaders):
    view = community_view(_filters(loaders, "2020-12", "en"), "U11", fetch=loaders, reference=loaders)
    assert view.profile.facts == "**County-level unit**: District One · **Type**: Street · **Pilot unit**"


def test_each_part_of_the_record_is_built_when_read(loaders, monkeypatch):
    """The page draws one part at a time: the others' charts and tables are never built.
    Here every part but activities fails if built; the activities still read, once."""
    built = []

    def refuse(*args, **kwargs):
        raise AssertionError("built a part that was not read")

    for part in ("_grades", "_outcomes", "_hazards", "_money", "_reports"):
        monkeypatch.setattr(views, part, refuse)
    activities = views._activities
    monkeypatch.setattr(views, "_activities", lambda *args: built.append(1) or activities(*args))
    view = community_view(_filters(loaders, "2020-12"), "U12", fetch=loaders, reference=loaders)
    assert len(view.record.activities.shortfalls) == 4  # as in test_u12_activities_hazards_money_and_outcomes
    assert built == [1]
    with pytest.raises(AssertionError, match="not read"):
        _ = view.record.grades
