"""The round trip a clerk makes, under AppTest, on both databases: the month's template
made by data_access/templates.py, filled with openpyxl, uploaded through the 数据填报
page's file chooser and confirmed; then, at the next rerun of each, every page shows what
was filled (each drawn once before the upload, so a read cached then must not be shown
again); then a correction, with its reason, shows as a revision.  AppTest drops the
sidebar after a page switch, so the district page, which needs the sidebar's county,
runs in a session of its own opened on 甲区's link; the others share one session.

Figures from tests/fixture_round_trip.py (回环市, programme RT running now; the clerk sends
甲区's reports for ``REPORTED``, the month before today's, which the pages of today's month
judge), worked by hand:

- Before the upload, the overview counts 4 reports of ``REPORTED`` owed and none in
  (judged at the end of this month, all 4 missing); 填报情况 lists all 4 to chase; no
  unit has self-assessed; U11 has sent 0 of 2 reports; 甲区 has no money at all.
- The upload previews 2 new reports (U11, U12; U13's row is blank, so no report).
- 总览: 月报已报送 2 (+2 on the month before, which the programme did not owe), 缺报 2
  (U13, U21), 迟报 0 on the 1st to the 28th, 2 after; 经费已支出 15,000 + 3,500 =
  18,500 yuan = 1.85万元.
- 区县进度 (甲区): U11 received 20,000 = 2万元 and spent 15,000 = 1.5万元; U12 spent
  3,500 = 0.35万元, received 0.
- 热力图: U11 indicator 1 = 0 (its six items C), the other eleven 100, composite
  39 / 45 = 86.7, 6 C items; U12 every indicator 50, composite 50.0; both assessed in
  ``REPORTED`` (older than this month: amber); U13 and U21 not assessed.
- 社区详情 (U11): 1 of 2 reports in (``REPORTED`` and this month owed by the month's end);
  the report's figures (stage 推进实施, education 3, ... participation 64.0%, spent
  1.5万元, received 2万元, hazards 6 found and 5 rectified); grades A 39, B 0, C 6;
  fire 1 accident and 3 injuries.
- 填报情况, judged now (to the minute): owed 4, received 2.  On the 1st to the 28th both
  are on time and U13, U21 pending (not yet due): completeness and timeliness 2 of 2
  judged = 100.0%.  On the 29th to the 31st both are late and U13, U21 missing: 2 of 4 =
  50.0%, 0 of 4 = 0.0%.  Either way only U13 and U21 are left to chase.
- The correction (U11's 安全教育 3 → 5, reason 漏报两次入户宣传) previews 1 correction and
  1 unchanged (U12); once written, 填报情况 frames U11's month as corrected (甲区: 1
  corrected) and the community page shows 5, revision 2 by its sender with its reason.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pyarrow as pa
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from tests.fixture_round_trip import (
    DEADLINE_DAY,
    REPORTED,
    THIS_MONTH,
    as_bytes,
    corrected_book,
    filled_book,
    load,
    on_time,
)
from tests.pages.conftest import grids, open_app, open_page, tables, url_of
from tests.signing import ensure_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTH = f"{REPORTED.year}年{REPORTED.month}月"
DEADLINE = f"{THIS_MONTH.year}年{THIS_MONTH.month}月{DEADLINE_DAY}日"
FORM_TABLES = ("intake-domains", "intake-grades")
"""Keys of the report form's tables (the grades' key ends in its scheme's id), not the preview."""


def _texts(elements) -> list[str]:
    return [element.value for element in elements]


def _metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def _charts(app: AppTest) -> list[pa.Table]:
    """The cells each chart draws."""
    return [
        pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
        for chart in app.get("vega_lite_chart")
    ]


def _go(app: AppTest, page: str) -> AppTest:
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _table(app: AppTest, column: str):
    """The page's table that has ``column`` (AppTest does not expose a table's key)."""
    return next(frame for frame in tables(app) if column in frame.columns)


def _preview(app: AppTest) -> list[list[str]]:
    (table,) = [frame for frame in app.dataframe if not (frame.key or "").startswith(FORM_TABLES)]
    return table.value.values.tolist()


def _upload(app: AppTest, name: str, content: bytes) -> None:
    app.file_uploader(key="intake-files").set_value((name, content, XLSX)).run()
    assert not app.exception, [e.value for e in app.exception]


def _section(app: AppTest, section: str) -> None:
    """The community page's part ``section`` (its chooser above the record)."""
    app.segmented_control(key="community-section").set_value(section).run()
    assert not app.exception, [e.value for e in app.exception]


def _moment(at: dt.datetime) -> str:
    return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"


def _u11_revisions(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return [
            (
                row[0],
                row[1] if isinstance(row[1], dt.datetime) else dt.datetime.fromisoformat(row[1]),
                *row[2:],
            )
            for row in connection.execute(
                text(
                    "SELECT r.revision, r.submitted_at, r.submitted_by, r.correction_reason, r.education_events "
                    "FROM report r JOIN region u ON u.id = r.unit_id WHERE u.code = 'U11' ORDER BY r.revision"
                )
            )
        ]


def _office(monkeypatch, engine: Engine, username: str, month: str) -> AppTest:
    """数据填报 in a session of its own, signed in as ``username`` of 甲区's office."""
    ensure_user(engine, username, [("county", "D1")])
    return open_page(monkeypatch, url_of(engine), "pages/intake.py", as_user=username, city="C", month=month)


def test_a_clerks_month_reaches_every_page_and_its_correction_too(engine, monkeypatch):
    load(engine)
    content = as_bytes(filled_book(engine))
    month = THIS_MONTH.strftime("%Y-%m")
    # Before the upload, the pages are drawn (and their reads cached) without the reports.
    # The county comes from the sidebar, which AppTest drops after a page switch: the
    # district page has a session of its own, opened on 甲区 by its link.
    district = _go(open_app(monkeypatch, url_of(engine), city="C", county="D1", month=month), "district")
    assert district.title[0].value == "甲区 创建进度"
    last_day = calendar.monthrange(THIS_MONTH.year, THIS_MONTH.month)[1]
    no_money = (
        f"截至 {THIS_MONTH.year}年{THIS_MONTH.month}月{last_day}日 没有下达给 甲区 或其单位的补助资金。"
    )
    assert no_money in _texts(district.info)
    app = open_app(monkeypatch, url_of(engine), city="C", month=month)
    assert (_metrics(app)["月报已报送"], _metrics(app)["缺报"]) == ("0", "4")
    _go(app, "reporting")
    assert _table(app, "逾期天数")["编码"].tolist() == ["U11", "U12", "U13", "U21"]
    _go(app, "heatmap")
    assert _metrics(app)["已自评"] == "0"
    app.query_params["unit"] = "U11"
    app.query_params["section"] = "reports"
    _go(app, "community")
    assert _metrics(app)["已报 / 应报月报"] == "0 / 2"

    # 甲区's office sends its month, in its own name, from a session of its own.
    office = _office(monkeypatch, engine, "王会计", month)
    _upload(office, "甲区月报.xlsx", content)
    assert "新增 2 条，更正 0 条，未变 0 条。" in _texts(office.markdown)
    assert [row[:3] for row in _preview(office)] == [
        ["新增", f"U11 {REPORTED:%Y-%m}", "街道U11"],
        ["新增", f"U12 {REPORTED:%Y-%m}", "街道U12"],
    ]
    office.button(key="upload-confirm").click().run()
    assert _texts(office.success) == ["已写入。新增月报 2 份，更正 0 份，未变 0 份。"]
    ((_, sent, by, _, _),) = _u11_revisions(engine)
    assert by == "王会计"
    punctual = on_time(sent)

    _go(app, "overview")
    metrics = _metrics(app)
    assert (metrics["月报已报送"], metrics["缺报"]) == ("2", "2")
    assert metrics["其中迟报"] == ("0" if punctual else "2")
    assert metrics["经费已支出（含自筹）（万元）"] == "1.85"
    (behind,) = app.expander
    assert behind.label == f"哪些单位缺报、迟报：缺报 2 个，迟报 {0 if punctual else 2} 个"
    assert behind.markdown[0].value.splitlines()[:2] == [
        "- 缺报\u3000甲区\u3000街道U13（U13）",
        "- 缺报\u3000乙区\u3000街道U21（U21）",
    ]

    district.run()
    assert district.title[0].value == "甲区 创建进度"
    assert no_money not in _texts(district.info)
    assert _table(district, "到位（月报）").values.tolist()[1:] == [
        ["街道U11", "0万元", "0万元", "2万元", "1.5万元", "—", "—"],
        ["街道U12", "0万元", "0万元", "0万元", "0.35万元", "—", "—"],
        ["街道U13", "0万元", "0万元", "0万元", "0万元", "—", "—"],
        ["合计", "0万元", "0万元", "2万元", "1.85万元", "—", "—"],
    ]

    _go(app, "heatmap")
    assert _metrics(app)["已自评"] == "2"
    assert _metrics(app)["自评早于本月"] == "2"
    cells = _charts(app)[0].set_index(["code", "column"])
    indicators = [str(seq) for seq in range(1, 13)]
    assert cells.loc["U11"].loc[indicators, "value"].tolist() == [0.0, *[100.0] * 11]
    assert cells.loc["U12"].loc[indicators, "value"].tolist() == [50.0] * 12
    assert (cells.loc[("U11", "total"), "text"], cells.loc[("U12", "total"), "text"]) == ("86.7", "50.0")
    assert cells.loc[("U11", "info"), "text"] == f"{REPORTED:%Y.%m}"
    (units,) = grids(app)
    assert [row[:5] for row in units.values.tolist()] == [
        ["街道U11", "甲区", MONTH, "86.7", "6"],
        ["街道U12", "甲区", MONTH, "50.0", "0"],
        ["街道U13", "甲区", "未自评", "—", "—"],
        ["街道U21", "乙区", "未自评", "—", "—"],
    ]

    _go(app, "community")
    assert app.header[0].value == "街道U11"
    assert _metrics(app)["已报 / 应报月报"] == "1 / 2"
    assert _table(app, "首次报送").values.tolist() == [
        [MONTH, _moment(sent), "王会计", "按时" if punctual else "迟报", 0, "推进实施"]
    ]
    assert _table(app, "资金支出").values.tolist() == [
        [MONTH, "3", "2", "1", "4", "6", "5", "64.0%", "87.5%", "1.5万元", "2万元"]
    ]
    _section(app, "grades")
    assert f"每列为一次自评（每月报送的45项二级指标等级）。最近一次自评 {MONTH}：A 39，B 0，C 6。" in _texts(
        app.caption
    )
    _section(app, "outcomes")
    assert _table(app, "事故同比").values.tolist()[0] == ["消防安全", "1", "—", "3", "—"]
    assert _table(app, "事故同比").values.tolist()[-1] == ["合计", "1", "—", "3", "—"]

    _go(app, "reporting")
    if punctual:  # the 1st to the 28th: U13 and U21 not yet due
        metrics = {"已报送": "2", "按时": "2", "迟报": "0", "缺报": "0", "未到期": "2"}
        rates = ("100.0%", "100.0%")
        counties = [
            ["甲区", 3, 2, 2, 0, 0, 1, 0, "100.0%", "100.0%"],
            ["乙区", 1, 0, 0, 0, 0, 1, 0, "—", "—"],
            ["合计", 4, 2, 2, 0, 0, 2, 0, "100.0%", "100.0%"],
        ]
        chased, status = "未到期", "on_time"
    else:  # the 29th to the 31st: after the deadline
        metrics = {"已报送": "2", "按时": "0", "迟报": "2", "缺报": "2"}
        rates = ("50.0%", "0.0%")
        counties = [
            ["甲区", 3, 2, 0, 2, 1, 0, 0, "66.7%", "0.0%"],
            ["乙区", 1, 0, 0, 0, 1, 0, 0, "0.0%", "0.0%"],
            ["合计", 4, 2, 0, 2, 2, 0, 0, "50.0%", "0.0%"],
        ]
        chased, status = "缺报", "late"
    assert _metrics(app) == {"应报": "4", **metrics, "报送率": rates[0], "及时率": rates[1]}
    chase, by_county = tables(app)
    assert chase[["编码", "所属区县", "状态", "截止时间"]].values.tolist() == [
        ["U13", "甲区", chased, DEADLINE],
        ["U21", "乙区", chased, DEADLINE],
    ]
    assert by_county.values.tolist() == counties
    assert _unit_cells(app) == [
        ("街道U11", status, False, _moment(sent)),
        ("街道U12", status, False, _moment(sent)),
        ("街道U13", "pending" if punctual else "missing", False, "—"),
    ]

    # The correction: the template made again (the month's reports filled in from the
    # database), one value changed.
    office = _office(monkeypatch, engine, "李科长", month)
    _upload(office, "甲区月报（更正）.xlsx", as_bytes(corrected_book(engine)))
    assert "新增 0 条，更正 1 条，未变 1 条。" in _texts(office.markdown)
    assert _preview(office) == [
        ["更正", f"U11 {REPORTED:%Y-%m}", "街道U11", "安全教育（次）", "3", "5"],
        ["未变", f"U12 {REPORTED:%Y-%m}", "街道U12", "", "", ""],
    ]
    office.text_input(key="upload-reason").input("漏报两次入户宣传").run()
    office.button(key="upload-confirm").click().run()
    assert _texts(office.success) == ["已写入。新增月报 0 份，更正 1 份，未变 1 份。"]
    (_, _, *first), (_, corrected, *second) = _u11_revisions(engine)
    assert (first, second) == (["王会计", None, 3], ["李科长", "漏报两次入户宣传", 5])

    _go(app, "reporting")
    assert tables(app)[1].values.tolist()[0][7] == 1  # 甲区: 1 corrected
    assert _unit_cells(app)[0] == ("街道U11", status, True, _moment(sent))
    _go(app, "community")
    _section(app, "reports")
    reports = _table(app, "首次报送")
    assert reports.values.tolist() == [
        [MONTH, _moment(sent), "王会计", "按时" if punctual else "迟报", 1, "推进实施"]
    ]
    assert _table(app, "资金支出").values.tolist()[0][1] == "5"
    assert _table(app, "更正后值").values.tolist() == [
        [MONTH, "第2版", _moment(corrected), "李科长", "漏报两次入户宣传", "安全教育", "3", "5"]
    ]


def _unit_cells(app: AppTest) -> list[tuple]:
    """The unit grid's cells (the county opened first: 甲区): unit, verdict, corrected,
    first submitted."""
    _, cells = _charts(app)
    return list(cells[["row_label", "status", "corrected", "submitted"]].itertuples(index=False, name=None))
