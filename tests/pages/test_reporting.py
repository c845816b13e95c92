"""The reporting status page (填报情况) under AppTest, on both databases.

Figures from tests/fixture_reporting.py, viewed in April 2020: the page shows March's
reports, judged at the end of April (the overview's moment).  Worked by hand:

- The county grid, March: 甲区 0 of 5 in; 乙区 2 of 3 in (67%), 1 on time (33%).
- March: owed 8 (U11..U15, U21, U22 and U23, which owes from March); U22 on time (04-07,
  by PR's 10th), U23 late (04-09, after PR2's 5th), the six others missing → received 2,
  on time 1, late 1, missing 6; completeness 2/8 = 25.0%, timeliness 1/8 = 12.5%.
- To chase: U11..U15 (甲区) and U21 (乙区), missing 20 days (04-10 to 04-30).
- January to March, 甲区: owed 15; on time 2 (U11, U12 in January), late 2 (their
  February), missing 11; 1 corrected (U11's January, on 04-20) → 4/15 = 26.7%,
  2/15 = 13.3%.  乙区: owed 7; on time 3 (U21 January and February, U22 March), late 1
  (U23), missing 3 (U22 January and February, U21 March); 1 corrected (U21's February) →
  4/7 = 57.1%, 3/7 = 42.9%.  Total: 22 owed, 8 received, 5 on time, 3 late, 14 missing,
  2 corrected → 36.4%, 22.7%.
- The unit grid opens 甲区 first: five of March's reports missing there, one in 乙区.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from sqlalchemy import Engine

from tests.fixture_reporting import add_first_quarter
from tests.pages.conftest import open_page, tables, url_of

PAGE = "pages/reporting.py"


@pytest.fixture
def quarter(programme_engine) -> Engine:
    add_first_quarter(programme_engine)
    return programme_engine


def _charts(app) -> list[tuple[dict, pa.Table]]:
    found = []
    for chart in app.get("vega_lite_chart"):
        cells = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
        found.append((json.loads(chart.proto.spec), cells))
    return found


def _metrics(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_march_as_it_stood_at_the_end_of_april(quarter, monkeypatch):
    app = open_page(monkeypatch, url_of(quarter), PAGE, month="2020-04")
    assert app.title[0].value == "测试市 填报情况"
    assert _metrics(app) == {
        "应报": "8",
        "已报送": "2",
        "按时": "1",
        "迟报": "1",
        "缺报": "6",
        "报送率": "25.0%",
        "及时率": "12.5%",
    }
    chase, rates = tables(app)
    assert chase.values.tolist() == [
        *[
            [f"街道{unit}", unit, "甲区", "缺报", "2020年4月10日", "20"]
            for unit in ("U11", "U12", "U13", "U14", "U15")
        ],
        ["街道U21", "U21", "乙区", "缺报", "2020年4月10日", "20"],
    ]
    assert rates.values.tolist() == [
        ["甲区", 15, 4, 2, 2, 11, 0, 1, "26.7%", "13.3%"],
        ["乙区", 7, 4, 3, 1, 3, 0, 1, "57.1%", "42.9%"],
        ["合计", 22, 8, 5, 3, 14, 0, 2, "36.4%", "22.7%"],
    ]
    (_, county_cells), (_, unit_cells) = _charts(app)
    assert county_cells[["row_label", "column_label", "text"]].values.tolist() == [
        ["甲区", "1月", "40%"],
        ["甲区", "2月", "40%"],
        ["甲区", "3月", "0%"],
        ["乙区", "1月", "50%"],
        ["乙区", "2月", "50%"],
        ["乙区", "3月", "67%"],
    ]
    assert app.selectbox(key="reporting-county").value == "D1"
    u11 = unit_cells[unit_cells["row_label"] == "街道U11"]
    assert u11[["column_label", "text", "corrected"]].values.tolist() == [
        ["1月", "按时", True],
        ["2月", "迟报", False],
        ["3月", "缺报", False],
    ]
    assert set(unit_cells["row_label"]) == {f"街道U1{n}" for n in range(1, 6)}
    # Two programmes, two deadline days: each named, the first-started first.
    assert "次月的截止日（测试方案：10日；测试方案二：5日）24时前" in app.expander[0].markdown[0].value


def test_timeliness_and_the_other_county(quarter, monkeypatch):
    app = open_page(monkeypatch, url_of(quarter), PAGE, month="2020-04")
    app.segmented_control(key="reporting-measure").set_value("timeliness").run()
    (_, county_cells), _ = _charts(app)
    assert county_cells["text"].tolist() == ["40%", "0%", "0%", "50%", "50%", "33%"]
    app.selectbox(key="reporting-county").set_value("D2").run()
    _, (_, unit_cells) = _charts(app)
    grid = {
        (row, month): text + ("*" if corrected else "")
        for row, month, text, corrected in unit_cells[
            ["row_label", "column_label", "text", "corrected"]
        ].values
    }
    assert grid == {
        ("街道U21", "1月"): "按时",
        ("街道U21", "2月"): "按时*",
        ("街道U21", "3月"): "缺报",
        ("街道U22", "1月"): "缺报",
        ("街道U22", "2月"): "缺报",
        ("街道U22", "3月"): "按时",
        ("街道U23", "3月"): "迟报",
    }


def test_english_and_a_county_chosen_in_the_sidebar(quarter, monkeypatch):
    app = open_page(monkeypatch, url_of(quarter), PAGE, month="2020-04", county="D2", lang="en")
    assert app.title[0].value == "Reporting status — District Two"
    assert _metrics(app)["Missing"] == "1"
    chase, rates = tables(app)
    assert chase.values.tolist() == [["街道U21", "U21", "District Two", "Missing", "2020-04-10", "20"]]
    assert list(rates.columns)[-2:] == ["Completeness", "Timeliness"]
    assert rates.values.tolist()[-1] == ["Total", 7, 4, 3, 1, 3, 0, 1, "57.1%", "42.9%"]
    assert "reporting-county" not in {chooser.key for chooser in app.selectbox}
    assert "Street U23" in set(_charts(app)[1][1]["row_label"])


def test_before_the_programme_nothing_is_owed(quarter, monkeypatch):
    # January 2020 collects December's reports, before the programme: its first come in February.
    app = open_page(monkeypatch, url_of(quarter), PAGE, month="2020-01")
    assert (
        app.info[0].value
        == "2019年12月没有应报的月报（不在创建方案期间，或没有参创单位）。请选择 2020年2月 或之后的月份。"
    )
    assert not app.metric
