"""The overview page under AppTest; expected figures from tests/fixture_programme.py."""

import datetime as dt

import pytest
from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode

from tests.pages.conftest import open_app, tables, url_of


def _metrics(app) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta or None) for m in app.metric}


def test_overview_of_the_test_city(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine))
    assert app.title[0].value == "测试市 目标完成情况"
    metrics = _metrics(app)
    assert metrics["已完成目标"] == ("1 / 5", None)
    # December 2020: all seven streets enrolled; U11, U12, U21 launched; U11..U14 national.
    assert metrics["参与创建单位"] == ("7", None)
    assert metrics["已启动创建"] == ("3", None)
    assert metrics["全国安全社区"] == ("4", None)
    # Reports for November 2020, due 2020-12-10: none arrived.
    assert metrics["月报已报送"] == ("0", None)
    assert "月报指 2020年11月 的月报（截止日在本月）；箭头为较上月变化。" in [c.value for c in app.caption]
    assert metrics["缺报"] == ("7", None)
    # Money tiles in 万元 with the unit in the label (100,000 and 85,000 yuan).
    assert metrics["补助已下达（万元）"] == ("10", None)
    assert metrics["补助已拨付（万元）"] == ("8.5", None)
    t1, t2, t3, t4, t5 = tables(app)
    assert t1.values.tolist() == [["甲区", "4", "4", "0", "80.0%", "已完成", "—"]]
    # Due 2020-12-31, judged on the last day of December: what is not met is missed.
    assert t2.values.tolist() == [
        ["甲区", "1", "4", "0", "已完成", "—"],
        ["乙区", "1", "0", "1", "逾期未完成", "—"],
        ["测试市（合计）", "2", "1", "1", "逾期未完成", "—"],
    ]
    assert t3.values.tolist() == [["测试市", "10万元", "8.5万元", "1.5万元", "10万元", "逾期未完成", "—"]]
    assert t4.values.tolist()[-1] == ["测试市（合计）", "2", "1", "1", "逾期未完成", "—"]
    assert t5.values.tolist()[0][:4] == ["测试市", "5", "4", "1"]


def test_changes_from_the_month_before(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine), month="2020-03")
    metrics = _metrics(app)
    # March 2020: U11 launched in February, U12 in February: no new launch in March.
    assert metrics["已启动创建"] == ("2", None)
    # Reports for February (U11, late) against January (U11, on time).
    assert metrics["月报已报送"] == ("1", None)
    assert metrics["其中迟报"] == ("1", "+1")
    # 60,000 paid to 甲区 on 2020-03-01.
    assert metrics["补助已拨付（万元）"] == ("6", "+6")


def test_the_units_behind_the_missing_and_late_tiles_are_listed(programme_engine, monkeypatch):
    """Reports for February 2020 (due 2020-03-10): U11's came late, the six other streets
    sent none: missing first (甲区's U12..U15, then 乙区's U21, U22), then U11 late."""
    app = open_app(monkeypatch, url_of(programme_engine), month="2020-03")
    (behind,) = app.expander
    assert behind.label == "哪些单位缺报、迟报：缺报 6 个，迟报 1 个"
    assert behind.markdown[0].value.splitlines() == [
        *(f"- 缺报\u3000甲区\u3000街道{code}（{code}）" for code in ("U12", "U13", "U14", "U15")),
        *(f"- 缺报\u3000乙区\u3000街道{code}（{code}）" for code in ("U21", "U22")),
        "- 迟报\u3000甲区\u3000街道U11（U11）",
    ]


def test_month_in_the_url_sets_the_as_of_date(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine), month="2020-06")
    # Not yet due; 甲区 needs three more titles but U13 and U14 never launched, so no
    # third naming can be projected: at risk.  3 titles over the 184 days to 2020-12-31,
    # 184 / 30.4375 = 6.05 months: 0.50 a month, said as "6个月内3个".
    assert tables(app)[0].values.tolist() == [["甲区", "4", "1", "3", "20.0%", "有风险", "6个月内3个"]]
    assert app.query_params["month"] == "2020-06"


def test_english(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine), lang="en")
    assert app.title[0].value == "Test City: progress against targets"
    assert list(tables(app)[1].columns) == ["Region", "Required", "Achieved", "Gap", "Status", "Needed"]
    assert tables(app)[1].values.tolist()[-1] == ["Test City (Total)", "2", "1", "1", "Missed", "—"]
    assert tables(app)[2].values.tolist()[0][1] == "¥100,000"


def test_unknown_city_and_month_in_the_url_are_reported(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine), city="999999", month="1999-01")
    warnings = [w.value for w in app.warning]
    assert "链接中的城市编码 999999 不存在或不在您的查看范围内，已改为显示 测试市。" in warnings
    assert "链接中的月份 1999-01 不在可选范围内，已改为 2020年12月。" in warnings
    assert app.title[0].value == "测试市 目标完成情况"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("city", "month"),
    [
        ("130100", "2011-12"),
        ("130100", "2008-06"),
        ("640200", "2015-12"),
        ("640200", "2011-05"),
        ("510900", "2015-06"),
    ],
)
def test_every_sample_city_renders(sample_url, monkeypatch, city, month, lang):
    app = open_app(monkeypatch, sample_url, city=city, month=month, lang=lang)
    assert app.title and tables(app)


def test_shijiazhuang_misses_80_percent_by_two_streets(sample_url, monkeypatch):
    app = open_app(monkeypatch, sample_url, city="130100", month="2011-12")
    share = tables(app)[1]
    assert share.values.tolist()[-1] == ["石家庄市（合计）", "28", "26", "2", "76.5%", "逾期未完成", "—"]


def test_a_new_title_shows_at_the_next_rerun(programme_engine, monkeypatch):
    from data_access.loading import ProgrammeData, TitleSpec, load_programme_data

    app = open_app(monkeypatch, url_of(programme_engine))
    assert tables(app)[1].values.tolist()[1] == ["乙区", "1", "0", "1", "逾期未完成", "—"]
    title = TitleSpec("U21", "national", dt.date(2020, 10, 1), "N-U21", dt.date(2025, 9, 30))
    load_programme_data(programme_engine, ProgrammeData(titles=[title]))
    app.run()
    assert tables(app)[1].values.tolist()[1] == ["乙区", "1", "1", "0", "已完成", "—"]


def test_county_filter_keeps_that_districts_rows(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine), county="D2")
    assert app.title[0].value == "乙区 目标完成情况"
    assert _metrics(app)["已完成目标"] == ("0 / 2", None)
    assert [t.values.tolist() for t in tables(app)] == [
        [["乙区", "1", "0", "1", "逾期未完成", "—"]],
        [["乙区", "1", "0", "1", "逾期未完成", "—"]],
    ]


def test_unknown_county_and_programme_in_the_url_are_reported(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine), county="D9", programme="NOPE")
    warnings = [w.value for w in app.warning]
    assert "链接中的区县编码 D9 不存在或不在您的查看范围内，已改为显示全部区县。" in warnings
    assert "链接中的方案编码 NOPE 不存在或不在您的查看范围内，已改为显示全部方案。" in warnings


def test_before_the_programme_starts_targets_are_not_started_not_on_track(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine), month="2019-11")
    captions = [c.value for c in app.caption]
    # PR starts on 2020-01-01: on 2019-11-30 none of the five targets is met or due.
    assert "共 5 项目标：未到期 5 项（未开始 5 项）" in captions
    badges = [m.value for m in app.markdown if m.value.startswith("**T")]
    assert len(badges) == 5 and all(":gray-badge[未开始]" in badge for badge in badges)
    # T1 needs 4 titles over the 397 days to 2020-12-31 = 13.04 months: "13个月内4个";
    # T3 100,000 yuan: 100,000 × 30.4375 / 397 = 7,666.9 yuan a month = 0.77万元.
    assert "方案尚未开始；到期前还需：13个月内4个。" in captions
    assert "方案尚未开始；到期前还需：每月0.77万元。" in captions
    assert tables(app)[0].values.tolist() == [["甲区", "4", "0", "4", "0.0%", "未开始", "13个月内4个"]]


def test_headline_separates_missed_from_not_yet_due(programme_engine, monkeypatch):
    app = open_app(monkeypatch, url_of(programme_engine))
    summary = next(c.value for c in app.caption if c.value.startswith("共 5 项目标"))
    # 2020-12: T1 met; T2, T3, T4 due by 2020-12-31 and not met: missed; T5 due 2021-06-30.
    assert summary.startswith("共 5 项目标：已完成 1 项；未到期 1 项（")
    assert summary.endswith("）；逾期未完成 3 项")


def test_link_notices_say_what_is_really_the_case(programme_engine, monkeypatch):
    url = url_of(programme_engine)
    french = open_app(monkeypatch, url, lang="fr")
    assert [w.value for w in french.warning] == [
        "链接中的语言 fr 不可用（可选：中文 zh、English en），已显示中文。"
    ]
    empty = open_app(monkeypatch, url, city="")
    assert [w.value for w in empty.warning] == ["链接中的参数 city= 为空，已改为显示 测试市。"]
    long = open_app(monkeypatch, url, city="9" * 5000)
    assert [w.value for w in long.warning] == [
        f"链接中的城市编码 {'9' * 20}… 不存在或不在您的查看范围内，已改为显示 测试市。"
    ]
    not_a_county = open_app(monkeypatch, url, county="U11")
    assert [w.value for w in not_a_county.warning] == [
        "链接中的编码 U11 是街道U11，不是区县，已改为显示全部区县。"
    ]


def test_links_to_another_citys_county_or_programme(sample_url, monkeypatch):
    app = open_app(monkeypatch, sample_url, city="130100", county="640202", programme="DWK-2011", lang="en")
    assert [w.value for w in app.warning] == [
        "The link's Dawukou District (640202) is in Shizuishan, not in the chosen Shijiazhuang; showing all counties instead.",
        "The link's programme “Dawukou District Safe Community plan” (DWK-2011) belongs to Shizuishan, "
        "not to the chosen Shijiazhuang; showing all programmes.",
    ]


def test_sidebar_choosers_take_no_typing_so_streamlit_never_says_no_results(programme_engine, monkeypatch):
    """Streamlit answers a search without a match with "No results", in English whatever
    the language (docs/i18n.md): the sidebar's short lists are chosen from, not searched."""
    app = open_app(monkeypatch, url_of(programme_engine))
    modes = {box.label: box.proto.filter_mode for box in app.sidebar.selectbox}
    assert len(modes) == 5
    assert set(modes.values()) == {SelectWidgetFilterMode.FILTER_MODE_NONE}
