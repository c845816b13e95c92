"""The reporting status view judged before March's deadline, which AppTest cannot do (it
judges at the end of the month viewed, or now); figures from tests/fixture_reporting.py.

Viewing April 2020 at 2020-04-08 12:00: March's reports, owed 8; U22 on time, U23 missing
(due 04-05), the six others pending (due 04-10) → received 1, completeness and
timeliness 1 of 2 judged = 50.0%.  To chase: U23 first (3 days overdue), then the six
pending, without days.  In PR2 alone U22's March report (04-07) is late: due on the 5th.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from tests.fixture_reporting import AS_OF, add_first_quarter
from tests.ui.views.conftest import filters, loaders
from ui.views.reporting import judged_at, rates_chart, reporting_view, units_grid

APRIL = dt.date(2020, 4, 1)


@pytest.fixture
def quarter(programme_engine) -> Engine:
    add_first_quarter(programme_engine)
    return programme_engine


def test_before_the_deadline_reports_not_in_are_pending(quarter):
    fetch, reference = loaders(quarter)
    view = reporting_view(filters(quarter, APRIL), fetch, reference, now=AS_OF)
    assert dict(view.figures) == {
        "应报": "8",
        "已报送": "1",
        "按时": "1",
        "迟报": "0",
        "缺报": "1",
        "未到期": "6",
        "报送率": "50.0%",
        "及时率": "50.0%",
    }
    assert view.chase_table[["编码", "状态", "逾期天数"]].values.tolist() == [
        ["U23", "缺报", "3"],
        *[[unit, "未到期", "—"] for unit in ("U11", "U12", "U13", "U14", "U15", "U21")],
    ]
    assert view.chase_note == "共 7 个单位：缺报 1 个，未到期 6 个；按区县排列，逾期天数从截止日算起。"
    assert view.caption.startswith("2020年3月月报的报送情况，按截至 2020年4月8日 12:00 已收到的报告统计")
    # 乙区 has the one missing report: its units open first.
    assert list(view.counties) == ["D2", "D1"]
    cells = rates_chart(view, "completeness").data
    march = cells[cells["column_label"] == "3月"].set_index("row_label")
    assert march.loc["甲区", "text"] == ""  # all five pending: no rate, a grey cell
    assert march.loc["乙区", "text"] == "50%"
    grid = units_grid(view, "D2")
    assert grid.count == "乙区：3 个单位"


def test_the_moment_judged_is_the_end_of_the_month_viewed_or_now():
    end_of_april = dt.datetime.combine(dt.date(2020, 4, 30), dt.time.max)
    assert judged_at(APRIL, dt.datetime(2026, 1, 1)) == (dt.date(2020, 3, 1), end_of_april)
    assert judged_at(APRIL, AS_OF) == (dt.date(2020, 3, 1), AS_OF)


def test_one_programme_judges_by_its_own_deadline(quarter):
    fetch, reference = loaders(quarter)
    chosen = filters(quarter, APRIL, programme="PR2")
    chosen.programme["code"] = "PR2"
    view = reporting_view(chosen, fetch, reference, now=AS_OF)
    assert dict(view.figures)["迟报"] == "1"  # U22 by PR2's 5th
    assert "截止日（5日）" in view.rule


FEBRUARY = dt.date(2020, 2, 1)


def test_a_report_sent_in_the_minute_judged_counts(quarter):
    """January's reports viewed in February at 2020-02-10 23:59:59.4, the deadline's last
    second: U12's, sent at 23:59:59, is in (on time), as are U11's (02-05) and U21's
    (02-01); U13..U15 and U22 are still pending, the deadline not passed before its
    minute is over.  Judged from the minute's start, U12's would be pending too."""
    fetch, reference = loaders(quarter)
    now = dt.datetime(2020, 2, 10, 23, 59, 59, 400000)
    view = reporting_view(filters(quarter, FEBRUARY), fetch, reference, now=now)
    assert dict(view.figures) == {
        "应报": "7",
        "已报送": "3",
        "按时": "3",
        "迟报": "0",
        "缺报": "0",
        "未到期": "4",
        "报送率": "100.0%",
        "及时率": "100.0%",
    }
    assert view.chase_table["编码"].tolist() == ["U13", "U14", "U15", "U22"]


def test_a_county_with_every_report_pending_has_no_rate(quarter):
    """January's reports at 2020-02-05 09:00: 甲区's five all pending (U11 sends at 10:00),
    乙区's U21 in on 02-01 and U22 pending → 甲区 no rate (a dash), 乙区 1 of 1."""
    fetch, reference = loaders(quarter)
    view = reporting_view(filters(quarter, FEBRUARY), fetch, reference, now=dt.datetime(2020, 2, 5, 9))
    assert view.rates_table.values.tolist() == [
        ["甲区", 5, 0, 0, 0, 0, 5, 0, "—", "—"],
        ["乙区", 2, 1, 1, 0, 0, 1, 0, "100.0%", "100.0%"],
        ["合计", 7, 1, 1, 0, 0, 6, 0, "100.0%", "100.0%"],
    ]
