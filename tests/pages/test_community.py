"""The community page under AppTest.  Figures come from tests/fixture_programme.py and
the extra U12 data of tests/data_access/test_community.py, worked out by hand there."""

import pytest

from tests.fixture_community import load_extra
from tests.fixture_hard_rules import load_mid_year
from tests.pages.conftest import open_page, tables, url_of

PAGE = "pages/community.py"


@pytest.fixture
def community_url(programme_engine) -> str:
    load_extra(programme_engine)
    return url_of(programme_engine)


def _texts(elements) -> list[str]:
    return [element.value for element in elements]


def _metrics(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


# AppTest does not expose a table's key: each table is found by a column only it has.
COLUMN_OF = {
    "community-titles": "证书编号",
    "community-corrections": "更正后值",
    "community-report-table": "首次报送",
    "community-shortfalls": "最低要求",
    "community-allocations": "已拨付",
    "community-outcome-table": "事故同比",
}


def _table(app, key: str, column: str | None = None):
    """The page's table ``key`` (a Styler's underlying data)."""
    column = column or COLUMN_OF[key]
    for frame in tables(app):
        if column in frame.columns:
            return frame
    raise AssertionError(f"no table {key}")


def _show(app, section: str) -> None:
    """Click ``section`` in the chooser of the record's parts; the URL follows (the first
    part, shown when the URL names none, leaves it out)."""
    app.segmented_control(key="community-section").set_value(section).run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.query_params.get("section") == (None if section == "activities" else section)


def test_u11_profile_titles_and_its_correction(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, unit="U11", month="2020-12")
    assert app.title[0].value == "社区详情"
    assert app.header[0].value == "街道U11"
    assert "**所属区县**：甲区\u3000**类型**：街道\u3000**试点单位**" in _texts(app.markdown)
    # January and February reported; every month of 2020 owed by the end of the year.
    assert _metrics(app) == {"当前阶段": "推进实施", "有效命名": "1", "已报 / 应报月报": "2 / 12"}
    assert "自 2020年3月1日 起处于该阶段" in _texts(app.caption)
    assert _table(app, "community-titles").values.tolist() == [
        ["全国安全社区", "2020年9月1日", "N-U11", "2025年8月31日", "有效", ""]
    ]
    assert app.query_params["unit"] == "U11"
    app = open_page(monkeypatch, community_url, PAGE, unit="U11", month="2020-12", section="reports")
    # The fixture's only correction: January's item 1.1 from A to C, by 测试员 on 2020-04-20.
    assert _table(app, "community-corrections").values.tolist() == [
        ["2020年1月", "第2版", "2020年4月20日 09:00", "测试员", "1.1 应为 C", "指标 1.1 自评等级", "A", "C"]
    ]
    reports = _table(app, "community-report-table")
    assert reports.iloc[:, :5].values.tolist() == [
        ["2020年2月", "2020年3月15日 10:00", "测试员", "迟报", 0],
        ["2020年1月", "2020年2月5日 10:00", "测试员", "按时", 1],
    ]
    app = open_page(monkeypatch, community_url, PAGE, unit="U11", month="2020-12", section="grades")
    assert "每列为一次自评（每月报送的45项二级指标等级）。最近一次自评 2020年2月：A 45，B 0，C 0。" in _texts(
        app.caption
    )


def test_u12_activities_outcomes_money_and_two_corrections(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, unit="U12", month="2020-12")
    assert _metrics(app) == {"当前阶段": "备案启动", "有效命名": "1", "已报 / 应报月报": "5 / 12"}
    # No education event after January: the second quarter (reported in full) and the
    # third and fourth (not reported: counted as none) fall short; 2020's reports hold
    # 1 + 3 + 0 inspections (4: met) and no review (0 < 1).
    assert _table(app, "community-shortfalls").values.tolist() == [
        ["2020年第2季度", "居民安全教育", "0", "1", "已报 3 / 应报 3 个月"],
        ["2020年第3季度", "居民安全教育", "0", "1", "已报 0 / 应报 3 个月"],
        ["2020年第4季度", "居民安全教育", "0", "1", "已报 0 / 应报 3 个月"],
        ["2020年", "绩效评审", "0", "1", "已报 5 / 应报 12 个月"],
    ]
    # Stages, quarters, years and rates: the other parts of the record are not drawn.
    assert len(app.get("vega_lite_chart")) == 4
    assert not any("已拨付" in frame.columns for frame in tables(app))
    _show(app, "hazards")
    captions = _texts(app.caption)
    assert "累计发现 7 处，整改 6 处，整改率 85.7%。" in captions
    assert "按月报累计：补助到位 3万元，经费支出 1.75万元（含自筹资金，不是补助的支出）。" in captions
    assert _table(app, "community-allocations").values.tolist() == [
        ["甲区", "2020年1月15日", "3万元", "2万元", "街道补助"]
    ]
    _show(app, "outcomes")
    yoy = _table(app, "community-outcome-table")
    assert yoy.values.tolist()[3] == ["家居安全", "1", "—", "4", "—"]  # no 2019 to compare with
    assert yoy.values.tolist()[-1] == ["合计", "3", "—", "7", "—"]
    _show(app, "reports")
    assert _table(app, "community-corrections").values.tolist() == [
        ["2020年2月", "第2版", "2020年3月20日 09:30", "审核员", "检查次数更正", "综合检查", "1", "1", "2"],
        [
            "2020年2月",
            "第2版",
            "2020年3月20日 09:30",
            "审核员",
            "检查次数更正",
            "家居安全·伤害数",
            "1",
            "1",
            "2",
        ],
        ["2020年2月", "第3版", "2020年4月1日 14:00", "审核员", "再次更正", "综合检查", "1", "2", "3"],
        [
            "2020年2月",
            "第3版",
            "2020年4月1日 14:00",
            "审核员",
            "再次更正",
            "满意度",
            "90.0%",
            "90.0%",
            "88.0%",
        ],
    ]
    reports = _table(app, "community-report-table")
    assert reports["按时"].tolist() == ["按时", "迟报", "按时", "按时", "按时"]  # June..January
    assert reports["更正次数"].tolist() == [0, 0, 0, 2, 0]
    _show(app, "grades")
    assert "截至所选月份尚无自评等级。" in _texts(app.info)


def test_year_on_year_compares_the_same_months(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, unit="U12", month="2021-02", section="outcomes")
    assert "各年均取1—2月的累计数，同比为与上年同期相比。表为 2021 年。" in _texts(app.caption)
    yoy = _table(app, "community-outcome-table").values.tolist()
    assert yoy[0] == ["消防安全", "0", "0", "0", "0"]
    assert yoy[3] == ["家居安全", "3", "+2（+200.0%）", "3", "−1（−25.0%）"]
    assert yoy[4] == ["交通安全", "1", "−1（−50.0%）", "1", "−2（−66.7%）"]
    assert yoy[-1] == ["合计", "4", "+1（+33.3%）", "4", "−3（−42.9%）"]
    assert "2021年1月—2021年12月" in " ".join(_texts(app.markdown))  # the second programme


def test_year_on_year_is_not_worked_out_over_unlike_periods(community_url, monkeypatch):
    # June 2021: U12 reported January and February of 2021 (2 months), and January,
    # February, April, May and June of 2020 (5 months).  Home accidents: 3 + 0 = 3 in 2021
    # against 1 + 0 = 1 in 2020; "+2 (+200%)" would set two months against five.
    app = open_page(monkeypatch, community_url, PAGE, unit="U12", month="2021-06", section="outcomes")
    assert "2020 年同期有 5 个月的月报，2021 年有 2 个月：月数不同，同比不可比。" in _texts(app.caption)
    yoy = _table(app, "community-outcome-table").values.tolist()
    assert yoy[3] == ["家居安全", "3", "不可比", "3", "不可比"]
    assert yoy[-1] == ["合计", "4", "不可比", "4", "不可比"]


def test_titles_as_of_the_month(community_url, monkeypatch):
    revoked = open_page(monkeypatch, community_url, PAGE, unit="U15", month="2020-12")
    assert _table(revoked, "community-titles").values.tolist() == [
        ["全国安全社区", "2020年5月1日", "N-U15", "2025年4月30日", "已撤销", "2020年10月1日撤销："]
    ]
    still_valid = open_page(monkeypatch, community_url, PAGE, unit="U15", month="2020-06")
    assert _table(still_valid, "community-titles")["状态"].tolist() == ["有效"]
    expired = open_page(monkeypatch, community_url, PAGE, unit="U22", month="2020-12")
    assert _table(expired, "community-titles")["状态"].tolist() == ["已过期"]
    before_naming = open_page(monkeypatch, community_url, PAGE, unit="U11", month="2020-06")
    assert "尚无安全社区命名。" in _texts(before_naming.caption)


def test_unknown_code_says_so_and_offers_the_chooser(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, unit="NOPE")
    assert _texts(app.error) == [
        "链接中的社区编码 NOPE 不存在或不在您的查看范围内。请从下面的列表中选择一个社区。"
    ]
    chooser = app.selectbox(key="community-unit")
    assert chooser.value is None
    assert chooser.options == [
        "街道U11（甲区）",
        "街道U12（甲区）",
        "街道U13（甲区）",
        "街道U14（甲区）",
        "街道U15（甲区）",
        "街道U21（乙区）",
        "街道U22（乙区）",
    ]
    assert not app.header


def test_choosing_a_unit_puts_it_in_the_url(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, month="2020-12")
    assert "请从上方选择测试市的一个社区，查看其创建进度、自评等级、活动、事故伤害、资金和月报。" in _texts(
        app.info
    )
    app.selectbox(key="community-unit").set_value("U21").run()
    assert not app.exception
    assert app.query_params["unit"] == "U21"
    assert app.header[0].value == "街道U21"
    assert _metrics(app)["当前阶段"] == "备案启动"


def test_the_chooser_lists_the_sidebars_county(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, county="D2")
    assert app.selectbox(key="community-unit").options == ["街道U21（乙区）", "街道U22（乙区）"]


def test_unit_without_reports(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, unit="U13", month="2020-12")
    assert "街道U13截至2020年12月尚未报送任何月报，没有自评、活动、事故伤害和资金记录。" in _texts(app.info)
    assert _metrics(app) == {"当前阶段": "未启动", "有效命名": "1", "已报 / 应报月报": "0 / 12"}


def test_month_before_the_programme_starts(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, unit="U11", month="2019-10")
    assert (
        "2019年10月早于街道U11应报月报的起始月（2020年1月），尚无月报、活动和自评记录。请在侧栏选择更晚的月份。"
        in _texts(app.info)
    )
    assert _metrics(app) == {"当前阶段": "未启动", "有效命名": "0", "已报 / 应报月报": "0 / 0"}


def test_in_english(community_url, monkeypatch):
    app = open_page(
        monkeypatch, community_url, PAGE, unit="U11", month="2020-12", lang="en", section="reports"
    )
    assert app.title[0].value == "Community drill-down"
    assert "**County-level unit**: District One · **Type**: Street · **Pilot unit**" in _texts(app.markdown)
    assert _metrics(app) == {
        "Current stage": "Implementing",
        "Valid titles": "1",
        "Reports submitted / owed": "2 / 12",
    }
    assert _table(app, "community-corrections", "Corrected to").values.tolist() == [
        ["Jan 2020", "Revision 2", "2020-04-20 09:00", "测试员", "1.1 应为 C", "Grade of item 1.1", "A", "C"]
    ]


def test_back_links_keep_the_sidebar(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, unit="U11", month="2020-06", county="D1")
    links = app.get("page_link")
    overview = next(link for link in links if link.proto.label == "返回总览")
    assert "month=2020-06" in overview.proto.query_string
    assert "county=D1" in overview.proto.query_string
    assert "unit=" not in overview.proto.query_string


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("query"),
    [
        {"city": "640200", "month": "2013-06", "unit": "640202001"},
        {"city": "640200", "month": "2015-12", "unit": "640202009"},  # reports, never graded
        {"city": "640200", "month": "2011-03", "unit": "640202001"},  # before the programme
        {"city": "130100", "month": "2011-12", "unit": "130102001"},
        {"city": "510900", "month": "2015-06"},
    ],
)
def test_sample_communities_render(sample_url, monkeypatch, query, lang):
    app = open_page(monkeypatch, sample_url, PAGE, lang=lang, **query)
    assert app.title


SECTION_HEADERS = {
    "zh": {
        "activities": ["活动与底线要求"],
        "grades": ["自评等级变化"],
        "outcomes": ["事故与伤害（按安全领域）"],
        "hazards": ["隐患排查与整改", "补助到位与经费支出"],
        "reports": ["月报"],
    },
    "en": {
        "activities": ["Activities against the minimums"],
        "grades": ["Self-assessed grades over time"],
        "outcomes": ["Accidents and injuries by safety domain"],
        "hazards": ["Hazards found and rectified", "Subsidy received and funds spent"],
        "reports": ["Monthly reports"],
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_part_of_the_record_renders(sample_url, monkeypatch, lang):
    """朝阳街道 in December 2015 (the sample): each part of the record, chosen in turn, is
    drawn below the profile's titles and the stages, alone."""
    app = open_page(
        monkeypatch, sample_url, PAGE, lang=lang, city="640200", month="2015-12", unit="640202001"
    )
    for section in ("grades", "outcomes", "hazards", "reports", "activities"):
        _show(app, section)
        headers = [header.value for header in app.subheader]
        assert headers[2:] == SECTION_HEADERS[lang][section], section


def test_the_record_is_drawn_one_part_at_a_time(community_url, monkeypatch):
    """The chooser says plainly that the other parts are there to open; a link's unknown
    part falls back to the first, activities against the minimums."""
    app = open_page(monkeypatch, community_url, PAGE, unit="U12", month="2020-12", section="nope")
    chooser = app.segmented_control(key="community-section")
    assert chooser.value == "activities"
    assert chooser.options == ["活动与底线要求", "自评等级", "事故与伤害", "隐患与资金", "月报与更正"]
    assert "记录分为五栏，一次显示一栏：点击栏目名称查看自评等级、事故伤害、隐患与资金或月报。" in _texts(
        app.caption
    )
    assert "section" not in app.query_params
    assert "链接中的栏目 nope 不存在，已改为显示“活动与底线要求”。" in _texts(app.warning)
    assert [header.value for header in app.subheader][-1] == "活动与底线要求"
    assert "事故与伤害（按安全领域）" not in [header.value for header in app.subheader]


def test_a_link_to_a_unit_of_the_city_not_in_the_chosen_programme(community_url, monkeypatch):
    # U11 is a street of 测试市 enrolled in PR only: not "outside the city".
    app = open_page(monkeypatch, community_url, PAGE, unit="U11", programme="PR2")
    assert _texts(app.warning) == [
        "街道U11属于测试市，但没有参加第二期方案；页面仍显示该社区，月份按侧栏选择。"
    ]
    assert app.header[0].value == "街道U11"


def test_a_long_unknown_code_is_quoted_cut(community_url, monkeypatch):
    app = open_page(monkeypatch, community_url, PAGE, unit="N" * 5000)
    assert _texts(app.error) == [
        f"链接中的社区编码 {'N' * 20}… 不存在或不在您的查看范围内。请从下面的列表中选择一个社区。"
    ]


def test_a_link_to_a_unit_outside_the_sidebars_city(sample_url, monkeypatch):
    app = open_page(monkeypatch, sample_url, PAGE, unit="640202001")  # the sidebar defaults to 石家庄市
    assert "朝阳街道不在侧栏所选的石家庄市范围内；页面仍显示该社区，月份按侧栏选择。" in _texts(app.warning)
    assert app.header[0].value == "朝阳街道"
    assert app.selectbox(key="community-unit").value == "640202001"


def test_a_mid_year_street_shows_the_heatmaps_verdicts(programme_engine, monkeypatch):
    # tests/fixture_hard_rules.py, viewed in June 2021: the shortfalls are 2021 Q1 and Q2
    # education (none in either; March not reported), as the heatmap lists Q2; 2020's 3
    # inspections meet ⌈4 × 8/12⌉ = 3, and 2021 (2 so far) is in progress, not a shortfall.
    load_mid_year(programme_engine)
    app = open_page(monkeypatch, url_of(programme_engine), PAGE, unit="U16", month="2021-06")
    assert _table(app, "community-shortfalls").values.tolist() == [
        ["2021年第1季度", "居民安全教育", "0", "1", "已报 2 / 应报 3 个月"],
        ["2021年第2季度", "居民安全教育", "0", "1", "已报 3 / 应报 3 个月"],
    ]


def test_reports_in_two_tabs_so_that_neither_scrolls_sideways(community_url, monkeypatch):
    """When and by whom each month was sent in one tab, the figures reported in the other."""
    app = open_page(monkeypatch, community_url, PAGE, unit="U11", month="2020-12", section="reports")
    assert [tab.label for tab in app.tabs] == ["报送情况", "填报数据"]
    figures = _table(app, "community-report-figures", "安全教育")
    assert list(figures.columns)[:2] == ["月份", "安全教育"]
    assert "安全教育" not in _table(app, "community-report-table").columns


def test_the_heatmap_back_link_keeps_the_heatmap_view(community_url, monkeypatch):
    app = open_page(
        monkeypatch, community_url, PAGE, unit="U11", month="2020-06", view="counties", sort="3", low="1"
    )
    links = {link.proto.label: link.proto.query_string for link in app.get("page_link")}
    assert (
        "view=counties" in links["返回热力图"]
        and "sort=3" in links["返回热力图"]
        and "low=1" in links["返回热力图"]
    )
    assert "unit=U11" in links["返回热力图"]  # an unchanged query string: Back returns here with it
    assert "view=" not in links["返回总览"]
