"""The overview's view, called directly on the hand fixture (tests/fixture_programme.py);
the figures are those worked out by hand in tests/pages/test_overview.py."""

import datetime as dt

from tests.ui.views.conftest import filters, loaders
from ui.views.overview import ShownTile, overview_view


def _view(engine, month, **options):
    fetch, reference = loaders(engine)
    return overview_view(filters(engine, month, **options), fetch, reference)


def test_december_2020_of_the_test_city(programme_engine):
    view = _view(programme_engine, dt.date(2020, 12, 1))
    assert view.title == "测试市 目标完成情况"
    assert view.no_programmes is None and view.before_start is None
    tiles = {tile.label: (tile.value, tile.delta) for tile in view.unit_tiles + view.money_tiles}
    # All seven streets enrolled; U11, U12, U21 launched; U11..U14 national; no November report.
    assert tiles["参与创建单位"] == ("7", None)
    assert tiles["已启动创建"] == ("3", None)
    assert tiles["全国安全社区"] == ("4", None)
    assert tiles["月报已报送"] == ("0", None)
    assert tiles["缺报"] == ("7", None)
    assert tiles["补助已下达（万元）"] == ("10", None)
    assert tiles["补助已拨付（万元）"] == ("8.5", None)
    assert view.tiles_change == "月报指 2020年11月 的月报（截止日在本月）；箭头为较上月变化。"
    assert view.targets_met == ShownTile("已完成目标", "1 / 5")
    (programme,) = view.programmes
    assert [target.table.data.values.tolist() for target in programme.targets][:3] == [
        [["甲区", "4", "4", "0", "80.0%", "已完成", "—"]],
        [
            ["甲区", "1", "4", "0", "已完成", "—"],
            ["乙区", "1", "0", "1", "逾期未完成", "—"],
            ["测试市（合计）", "2", "1", "1", "逾期未完成", "—"],
        ],
        [["测试市", "10万元", "8.5万元", "1.5万元", "10万元", "逾期未完成", "—"]],
    ]


def test_march_2020_changes_and_the_units_behind(programme_engine):
    """Reports for February 2020 (due 2020-03-10): U11's came late (January's on time),
    the six other streets sent none; 60,000 paid to 甲区 on 2020-03-01."""
    view = _view(programme_engine, dt.date(2020, 3, 1))
    tiles = {tile.label: tile for tile in view.unit_tiles + view.money_tiles}
    assert tiles["其中迟报"] == ShownTile("其中迟报", "1", "+1", "inverse")
    assert tiles["补助已拨付（万元）"] == ShownTile("补助已拨付（万元）", "6", "+6", "off")
    assert view.behind.label == "哪些单位缺报、迟报：缺报 6 个，迟报 1 个"
    assert view.behind.lines == (
        *(f"- 缺报\u3000甲区\u3000街道{code}（{code}）" for code in ("U12", "U13", "U14", "U15")),
        *(f"- 缺报\u3000乙区\u3000街道{code}（{code}）" for code in ("U21", "U22")),
        "- 迟报\u3000甲区\u3000街道U11（U11）",
    )


def test_before_the_programme_starts_targets_are_not_started(programme_engine):
    """PR starts on 2020-01-01: on 2019-11-30 none of the five targets is met or due; T1
    needs 4 titles over the 397 days to 2020-12-31 = 13.04 months; T3 100,000 yuan:
    100,000 × 30.4375 / 397 = 7,666.9 yuan a month = 0.77万元."""
    view = _view(programme_engine, dt.date(2019, 11, 1))
    assert view.before_start is not None and "2020年1月1日" in view.before_start
    assert view.status_summary == "共 5 项目标：未到期 5 项（未开始 5 项）"
    targets = view.programmes[0].targets
    assert all(":gray-badge[未开始]" in target.heading for target in targets)
    assert targets[0].forecast == "方案尚未开始；到期前还需：13个月内4个。"
    assert targets[2].forecast == "方案尚未开始；到期前还需：每月0.77万元。"
    assert targets[0].table.data.values.tolist() == [["甲区", "4", "0", "4", "0.0%", "未开始", "13个月内4个"]]


def test_english_and_a_county(programme_engine):
    view = _view(programme_engine, dt.date(2020, 12, 1), lang="en")
    assert view.title == "Test City: progress against targets"
    table = view.programmes[0].targets[1].table.data
    assert list(table.columns) == ["Region", "Required", "Achieved", "Gap", "Status", "Needed"]
    assert table.values.tolist()[-1] == ["Test City (Total)", "2", "1", "1", "Missed", "—"]
    county = _view(programme_engine, dt.date(2020, 12, 1), county="D2")
    assert county.title == "乙区 目标完成情况"
    assert county.targets_met == ShownTile("已完成目标", "0 / 2")
    assert [target.table.data.values.tolist() for target in county.programmes[0].targets] == [
        [["乙区", "1", "0", "1", "逾期未完成", "—"]],
        [["乙区", "1", "0", "1", "逾期未完成", "—"]],
    ]
