"""The district page under AppTest; expected figures from tests/fixture_programme.py and
the second programme of tests/data_access/test_district.py (D3, D4), worked out by hand."""

import pytest

from tests.fixture_district import add_district_data
from tests.pages.conftest import open_app, open_page, tables, url_of

PAGE = "pages/district.py"


@pytest.fixture
def district_url(programme_engine) -> str:
    add_district_data(programme_engine)
    return url_of(programme_engine)


def _texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_first_district_of_the_test_city(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D1", month="2020-12")
    assert app.title[0].value == "甲区 创建进度"
    assert _texts(app.metric) == ["5 / 5", "0", "0", "6万元"]
    assert app.metric[3].label == "已拨付补助（已下达 6万元）"
    targets, subsidy = tables(app)
    # T1 is D1's own share target; T2 and T4 are the city's, judged for D1 alone.
    assert targets.values.tolist() == [
        ["PR T1\u3000甲区80%", "2020年12月31日", "4", "4", "0", "80.0%", "已完成", "—"],
        ["PR T2\u3000各区1个", "2020年12月31日", "1", "4", "0", "—", "已完成", "—"],
        ["PR T4\u3000各区1个试点", "2020年3月31日", "1", "2", "0", "—", "已完成", "—"],  # U11, U12
    ]
    assert subsidy.values.tolist()[0] == ["甲区（区县统筹）", "6万元", "6万元", "—", "—", "100.0%", "—"]
    assert subsidy.values.tolist()[-1] == ["合计", "6万元", "6万元", "0万元", "0万元", "100.0%", "—"]
    # The shared fixture's programme plans no stages: the units' stages, and a note.
    assert "测试方案 没有计划阶段，无法判定逾期；下面只显示各单位的阶段。" in _texts(app.info)
    assert len(app.get("vega_lite_chart")) == 3  # pipeline, timeline, subsidy


def test_second_district_missed_its_targets_and_waits_for_money(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D2", month="2020-12")
    targets, subsidy = tables(app)
    assert targets.values.tolist() == [
        ["PR T2\u3000各区1个", "2020年12月31日", "1", "0", "1", "—", "逾期未完成", "—"],
        ["PR T4\u3000各区1个试点", "2020年3月31日", "1", "0", "1", "—", "逾期未完成", "—"],
    ]
    assert subsidy.values.tolist()[0] == ["乙区（区县统筹）", "4万元", "2.5万元", "—", "—", "62.5%", "—"]
    # The last 15,000 is paid on 2021-01-15.
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D2", month="2021-01")
    assert tables(app)[1].values.tolist()[0][1:3] == ["4万元", "4万元"]


def test_planned_stages_and_overdue_units(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D3", month="2021-07")
    assert app.title[0].value == "丙区 创建进度"
    assert _texts(app.metric) == ["4 / 4", "0", "1", "8万元"]
    assert app.metric[3].label == "已拨付补助（已下达 12万元）"
    targets, overdue, plan, subsidy = tables(app)
    # The city's per-district targets reach D3 too: no title there, and no PR pilot.
    assert targets.values.tolist()[:2] == [
        ["PR T2\u3000各区1个", "2020年12月31日", "1", "0", "1", "—", "逾期未完成", "—"],
        ["PR T4\u3000各区1个试点", "2020年3月31日", "1", "0", "1", "—", "逾期未完成", "—"],
    ]
    assert targets.values.tolist()[2][:6] == ["PS T1\u3000丙区1个", "2021年12月31日", "1", "0", "1", "—"]
    assert targets.values.tolist()[2][6] in ("按进度", "有风险")  # the forecast's call, tested there
    # U33 never launched: the launch stage ended 01-31, 181 days before 07-31.
    assert overdue.values.tolist() == [["街道U33", "未启动", "推进实施", "2021年1月31日", "181"]]
    assert plan.values.tolist() == [
        ["1. 启动阶段", "2021年1月1日—2021年1月31日", "备案启动", "1", "1", "1", "0"],
        ["2. 推进实施阶段", "2021年2月1日—2021年6月30日", "推进实施", "2", "0", "1", "0"],
        ["3. 自评申报阶段", "2021年7月1日—2021年9月30日", "申报", "0", "0", "0", "4"],
        ["4. 巩固提高阶段", "2021年10月1日—2021年12月31日", "不要求", "—", "—", "—", "—"],
    ]
    assert subsidy.values.tolist() == [
        ["丙区（区县统筹）", "10万元", "6万元", "—", "—", "60.0%", "—"],
        ["街道U31", "2万元", "2万元", "2万元", "1.4万元", "100.0%", "100.0%"],
        ["街道U32", "0万元", "0万元", "0万元", "0.1万元", "—", "—"],
        ["街道U33", "0万元", "0万元", "0万元", "0万元", "—", "—"],
        ["街道U34", "0万元", "0万元", "0万元", "0万元", "—", "—"],
        # 到位率 over units allocated money: U31 alone, 2万 of 2万; U32's 0.1万 spent of
        # its own money is no subsidy spent (it was 1.5 ÷ 2 = 75% before).
        ["合计", "12万元", "8万元", "2万元", "1.5万元", "66.7%", "100.0%"],
    ]


def test_after_the_application_stage_more_units_are_overdue(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D3", month="2021-10")
    overdue = tables(app)[1]
    # U33: three stages missed since 01-31 (273 days); U32 and U34 missed the application (31 days).
    assert overdue.values.tolist() == [
        ["街道U33", "未启动", "申报", "2021年1月31日", "273"],
        ["街道U32", "推进实施", "申报", "2021年9月30日", "31"],
        ["街道U34", "备案启动", "申报", "2021年9月30日", "31"],
    ]
    assert _texts(app.metric)[2] == "3"


def test_in_the_application_stages_last_month_its_laggards_are_overdue(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D3", month="2021-09")
    overdue, plan = tables(app)[1:3]
    # As of 09-30, the application stage's planned end: U32 and U34 have not applied by
    # the end of that day, overdue 0 days, not "not yet due"; U33 missed the launch on
    # 01-31, 242 days before (28 + 31 + 30 + 31 + 30 + 31 + 31 + 30); U31 applied 08-01.
    assert overdue.values.tolist() == [
        ["街道U33", "未启动", "申报", "2021年1月31日", "242"],
        ["街道U32", "推进实施", "申报", "2021年9月30日", "0（当日到期）"],
        ["街道U34", "备案启动", "申报", "2021年9月30日", "0（当日到期）"],
    ]
    assert plan.values.tolist()[2] == [
        "3. 自评申报阶段",
        "2021年7月1日—2021年9月30日",
        "申报",
        "1",
        "0",
        "3",
        "0",
    ]
    assert _texts(app.metric)[2] == "3"


def test_english(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D3", month="2021-07", lang="en")
    assert app.title[0].value == "District Three: progress"
    _, overdue, plan, subsidy = tables(app)
    assert list(overdue.columns) == ["Unit", "Stage now", "Expected stage", "Due by", "Days overdue"]
    assert overdue.values.tolist() == [["街道U33", "Not started", "Implementing", "2021-01-31", "181"]]
    assert plan.values.tolist()[0][:3] == ["1. Launch", "2021-01-01 – 2021-01-31", "Registered, launched"]
    assert subsidy.values.tolist()[-1] == [
        "Total",
        "¥120,000",
        "¥80,000",
        "¥20,000",
        "¥15,000",
        "66.7%",
        "100.0%",
    ]
    assert app.metric[3].label == "Subsidy paid (of ¥120,000 allocated)"


def test_month_before_the_programme_starts(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D3", month="2020-12")
    assert "测试方案二 于 2021年1月1日 开始，所选月份在此之前：尚无进度，下面只有计划。" in _texts(app.info)
    assert "截至 2020年12月31日 没有下达给 丙区 或其单位的补助资金。" in _texts(app.info)
    overdue_note = "截至 2020年12月31日 没有逾期单位。"
    assert overdue_note in _texts(app.success)
    plan = tables(app)[1]
    assert [row[-1] for row in plan.values.tolist()] == ["3", "3", "4", "—"]  # U34 joins 03-01


def test_month_after_the_programme_ends(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D3", month="2022-02")
    assert "测试方案二 已于 2021年12月31日 结束；下面是截至所选月份的情况。" in _texts(app.caption)
    assert not app.exception


def test_county_without_enrolled_units(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D4", month="2021-07")
    assert _texts(app.metric)[:3] == ["0 / 1", "0", "0"]
    assert "丁区 没有单位参加任何创建方案，没有阶段进度可显示。" in _texts(app.info)
    assert "另有 1 个单位未参加任何创建方案：街道U41。" in _texts(app.caption)
    assert "截至 2021年7月31日 没有下达给 丁区 或其单位的补助资金。" in _texts(app.info)
    assert len(app.get("vega_lite_chart")) == 0


def test_programme_filter_leaves_out_units_of_other_programmes(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", county="D1", month="2021-07", programme="PS")
    assert "甲区 没有单位参加所选创建方案，没有阶段进度可显示。" in _texts(app.info)
    assert "没有涉及 甲区 的目标。" in _texts(app.info)


def test_without_a_county_the_page_offers_the_city_counties(district_url, monkeypatch):
    app = open_page(monkeypatch, district_url, PAGE, city="C", month="2021-07")
    assert app.title[0].value == "测试市 区县创建进度"
    labels = [button.label for button in app.button]
    assert labels == [
        "甲区（5 个单位参加创建）",
        "乙区（2 个单位参加创建）",
        "丙区（4 个单位参加创建）",
        "丁区（0 个单位参加创建）",
    ]
    # The button sets the sidebar's county filter, which puts it in the URL on the rerun.
    # (AppTest drops the sidebar from its tree after a page switch, so the rerun that
    # follows is checked in the browser test; here, the state the button leaves.)
    app.button(key="district-choose-D3").click().run()
    assert not app.exception
    assert app.session_state["county"] == "D3"


def test_unknown_county_in_the_url_is_reported(district_url, monkeypatch):
    app = open_app(monkeypatch, district_url, city="C", county="XX", month="2021-07")
    assert "链接中的区县编码 XX 不存在或不在您的查看范围内，已改为显示全部区县。" in _texts(app.warning)
    app.switch_page(PAGE).run()
    assert app.title[0].value == "测试市 区县创建进度"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("city", "county", "month"),
    [
        ("130100", "130103", "2009-06"),
        ("130100", "130102", "2008-04"),
        ("640200", "640202", "2012-06"),
        ("640200", "640202", "2010-12"),
        ("640200", "", "2012-06"),
        ("510900", "510991", "2016-02"),
        ("510900", "510903", "2015-06"),
    ],
)
def test_every_sample_county_renders(sample_url, monkeypatch, city, county, month, lang):
    query = {"city": city, "month": month, "lang": lang} | ({"county": county} if county else {})
    app = open_page(monkeypatch, sample_url, PAGE, **query)
    assert app.title
    if county:
        assert app.metric and tables(app)


def test_dawukou_pilots_late_for_the_application(sample_url, monkeypatch):
    """Dawukou's plan: self-check and application by 2011-12-20.  Of the four pilots only
    朝阳 (named 2011-12-28) and 人民路 had applied by then in the sample story; 青山 and
    长城 were still implementing in June 2012."""
    app = open_page(monkeypatch, sample_url, PAGE, city="640200", county="640202", month="2012-06")
    overdue = tables(app)[1]
    assert [row[:3] for row in overdue.values.tolist()] == [
        ["青山街道", "推进实施", "申报"],
        ["长城街道", "推进实施", "申报"],
    ]
