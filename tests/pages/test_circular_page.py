"""The monthly circular page (月度通报) and the archive (通报存档) under AppTest, on the
ranking fixture's six streets (tests/fixture_ranking.py, ranks worked by hand there).

February 2021 in 测评市: A1 100.00 (优秀, red), B3 95.31 (优秀, red), A2 and B1 90.00
(良好, red: the tie at 3rd), A3 59.38 and B2 17.19 (不达标, vetoed: black).  A3 by its
components: stages 50, assessment 50, activities not yet due, reporting 50, hazards 100.
甲县 (K1): its units' mean (100 + 90 + 59.38)/3 = 83.13.

A correction of B3's February report (its satisfaction rate given) makes B3 100.00.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from data_access.circular_drafts import issue_draft, make_draft
from data_access.circulars import circular_file, issued, store_office
from data_access.regions import find_region
from oversight.access import Scope
from oversight.circular.pdf import pdf_available
from tests.data_access.conftest import programme_id
from tests.fixture_ranking import _report, load_ranking
from tests.pages.conftest import open_page, tables, url_of
from tests.signing import ensure_user
from tests.writing import correct_report

PAGE, ARCHIVE = "pages/circular.py", "pages/archive.py"
FEB = dt.date(2021, 2, 1)
NUMBER = "测安监通〔2021〕1号"
STAFF = ("张三", [("staff", "RC")])
"""A user who may issue 测评市's circulars: the page offers its issuing section."""


@pytest.fixture
def ranked(engine) -> Engine:
    load_ranking(engine)
    return engine


def _issue(engine: Engine, on=dt.date(2021, 3, 12), **more):
    region = find_region(engine, "RC")
    office = (
        store_office(engine, region, "测评市安全生产监督管理局", "测安监通", scope=Scope.command_line())
        if "supersedes" not in more
        else None
    )
    from data_access.circulars import office_of

    office = office or office_of(engine, region)
    draft = make_draft(engine, region, FEB, programme_id(engine, "RK"))
    return issue_draft(engine, draft, office, on, Scope.command_line("张三"), with_pdf=False, **more)


def _correct_b3(engine: Engine) -> None:
    correct_report(engine, _report("B3", FEB, dt.datetime(2021, 3, 20, 9), inspections=1), "补填满意度")


def _open(engine: Engine, monkeypatch, username: str, grants: list[tuple[str, str]], **query: str):
    """The page signed in as ``username`` holding ``grants`` (role, region code)."""
    ensure_user(engine, username, grants)
    return open_page(monkeypatch, url_of(engine), PAGE, as_user=username, **query)


def _units(app):
    """The unit ranking: the table whose first header is 名次/Rank and has a unit column."""
    return next(t for t in tables(app) if t.columns[1] in ("单位", "Unit"))


def test_a_draft_month_in_chinese(ranked, monkeypatch):
    app = _open(ranked, monkeypatch, *STAFF, month="2021-02")
    assert app.title[0].value == "测评市 2021年2月月度通报"
    assert not app.toggle  # nothing issued: no switch between issued and draft
    assert "草稿，尚未印发：按现有数据和现行排名方法计算。" in [c.value for c in app.caption]
    units = _units(app)
    rows = units.values.tolist()
    assert [row[:3] for row in rows] == [
        [1, "街道A1", "甲县"],
        [2, "街道B3", "乙县"],
        [3, "街道A2", "甲县"],
        [3, "街道B1", "乙县"],
        [5, "街道A3", "甲县"],
        [6, "街道B2", "乙县"],
    ]
    assert [row[4] for row in rows] == ["100", "95.31", "90", "90", "59.38", "17.19"]
    assert [row[5] for row in rows] == ["优秀", "优秀", "良好", "良好", "不达标", "不达标"]
    assert [row[7] for row in rows] == ["红榜", "红榜", "红榜", "红榜", "黑榜", "黑榜"]
    # Nothing issued: no listing is counted from January (ranked now, it only marks "again");
    # A1, vetoed in January (a death), is not red again.
    assert [row[-1].split("（")[0] for row in rows] == ["第 1 次"] * 6
    assert rows[0][-1] == "第 1 次"
    headers = [s.value for s in app.subheader]
    assert headers[:5] == ["一、总体情况", "二、排名情况", "三、红黑榜", "四、存在问题", "五、下步工作要求"]
    assert "印发" in headers
    requirements = app.text_area(key="circular-requirements-RC-1-2021-02")
    assert requirements.value.startswith("（一）")


def test_a_draft_month_in_english_has_no_chinese_page_text(ranked, monkeypatch):
    app = _open(ranked, monkeypatch, *STAFF, month="2021-02", lang="en")
    assert app.title[0].value == "Monthly circular · Ranking City · Feb 2021"
    headers = [s.value for s in app.subheader]
    assert headers[-3:] == ["Why each rank", "Downloads", "Issue"]
    units = _units(app)
    assert list(units.columns)[:3] == ["Rank", "Unit", "County"]
    assert units.values.tolist()[0][:3] == [1, "Street A1", "County One"]
    assert [b.label for b in app.get("download_button")][:2] == ["Download Excel", "Download Word"]


def test_an_explanation_of_a_unit_and_of_a_county(ranked, monkeypatch):
    app = _open(ranked, monkeypatch, *STAFF, month="2021-02")
    key = "circular-explain-RC-1-2021-02"
    # A3 by hand (fixture): stages 50 → 15.625, assessment 50 → 15.625, reporting 50 →
    # 9.375, hazards 100 → 18.75; activities not yet due.
    app.selectbox(key=key).set_value("unit:A3").run()
    assert "街道A3：59.38 分，不达标；全部单位中第 5 名，甲县内第 3 名。" in [m.value for m in app.markdown]
    explained = next(t for t in tables(app) if t.columns[0] == "组成部分")
    assert explained.values.tolist()[:2] == [
        ["阶段进度", "25%", "50", "15.63", explained.values.tolist()[0][4]],
        ["自评得分", "25%", "50", "15.63", explained.values.tolist()[1][4]],
    ]
    assert [row[2] for row in explained.values.tolist()] == ["50", "50", "不适用", "50", "100"]
    texts = "\n".join(m.value for m in app.markdown)
    assert "**一票否决**" in texts and "**如何进入上一等级**" in texts
    app.selectbox(key=key).set_value("county:K1").run()
    summary = next(m.value for m in app.markdown if m.value.startswith("甲县："))
    assert "单位平均分 83.13（3 个单位）" in summary or "得分即单位平均分 83.13（3 个单位）" in summary


def test_issuing_through_the_form_then_the_issued_month_and_the_archive(ranked, monkeypatch):
    """李四, staff of 测评市, issues: the circular names the signed-in user as its issuer."""
    url = url_of(ranked)
    app = _open(ranked, monkeypatch, "李四", [("staff", "RC")], month="2021-02")
    assert "测评市 还没有登记发文机关：请先填写，印发时一并保存。" in [m.value for m in app.markdown]
    inputs = app.text_input
    inputs[0].input("测评市安全生产监督管理局")
    inputs[1].input("测安监通")
    inputs[2].input("各县安监局")
    inputs[3].input("市政府办公室")
    assert "以您的用户名 李四 印发。" in [c.value for c in app.caption]
    app.date_input[0].set_value(dt.date(2021, 3, 12))
    submit = next(b for b in app.button if b.label == "印发")
    submit.click().run()
    assert "请先勾选确认。" in [w.value for w in app.warning]
    assert issued(ranked, find_region(ranked, "RC"), programme_id(ranked, "RK"), FEB) is None
    app.checkbox[0].check()
    next(b for b in app.button if b.label == "印发").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert f"已印发 {NUMBER}。" in [s.value for s in app.success]
    done = issued(ranked, find_region(ranked, "RC"), programme_id(ranked, "RK"), FEB)
    assert (done.number, done.issued_by, done.issued_on) == (NUMBER, "李四", dt.date(2021, 3, 12))
    banner = app.info[0].value
    assert banner.startswith(
        f"本月通报已印发：{NUMBER}（测评市安全生产监督管理局，2021年3月12日，李四 印发，第 1 版）"
    )
    assert [s.value for s in app.subheader][-1] == "下载"  # issued and not shown as a draft: no form
    archive = open_page(monkeypatch, url, ARCHIVE)
    (table,) = tables(archive)
    assert table.values.tolist() == [
        [
            NUMBER,
            "2021年2月",
            "2021年3月12日",
            "李四",
            "第1版，现行",
            "Excel、Word" + ("、PDF" if pdf_available() else ""),
        ]
    ]


@pytest.mark.parametrize("grants", [[("leader", "RC")], [("viewer", "RC")]])
def test_the_issue_form_is_offered_only_with_issue_circular(ranked, monkeypatch, grants):
    """A city leader, a viewer: the draft and its downloads, no issuing section; staff of the
    city get it (the test above).  A county office is not offered the page at all: the
    circular is a city document (docs/scoping.md; tests/pages/test_scoping.py)."""
    app = _open(ranked, monkeypatch, "王五", grants, month="2021-02")
    assert not app.get("form")
    assert "印发" not in [b.label for b in app.button]
    assert [s.value for s in app.subheader][-1] == "下载"


def test_an_issued_month_is_shown_frozen_and_the_draft_shows_what_changed(ranked, monkeypatch):
    _issue(ranked)
    _correct_b3(ranked)
    app = _open(ranked, monkeypatch, *STAFF, month="2021-02")
    assert app.info[0].value.startswith(f"本月通报已印发：{NUMBER}")
    assert [row[4] for row in _units(app).values.tolist()][:2] == ["100", "95.31"]
    assert "本月通报已印发" in app.info[0].value
    assert [s.value for s in app.subheader][-1] == "下载"
    app.toggle(key="circular-draft-RC-1-2021-02").set_value(True).run()
    assert "草稿与已印发通报的差异" in [s.value for s in app.subheader]
    changes = tables(app)[0]
    rows = changes.values.tolist()
    assert ["单位", "街道B3", "得分", "95.31", "100"] in rows
    b3 = next(row for row in _units(app).values.tolist() if row[1] == "街道B3")
    assert b3[4] == "100"
    assert [s.value for s in app.subheader][-1] == "更正"


def test_the_downloads_of_an_issued_month_are_the_stored_bytes(ranked, monkeypatch):
    from data_access.users import scope_of
    from ui import data
    from ui.auth import SESSION
    from ui.views.circular import circular_view, downloads, shown_circular

    done = _issue(ranked)
    app = _open(ranked, monkeypatch, *STAFF, month="2021-02")
    buttons = {b.proto.label: b.proto for b in app.get("download_button")}
    assert set(buttons) == {"下载 Excel", "下载 Word", "下载 PDF"}
    assert buttons["下载 PDF"].disabled is (not pdf_available())
    chosen = app.session_state["filters"]
    # Read again outside the app's session: as the tester the page ran as.
    monkeypatch.setattr(data, "scope", lambda: scope_of(ranked, app.session_state[SESSION].username))
    view = circular_view(chosen)
    files = {f.kind: f for f in downloads(chosen, view, shown_circular(view, False, ""), False, ranked)}
    assert files["xlsx"].make() == circular_file(ranked, done.id, "xlsx")
    assert files["docx"].file_name == f"测评市2021年2月安全社区建设通报（{NUMBER}）.docx"


def test_the_archive_shows_a_correction_and_what_it_changed(ranked, monkeypatch):
    first = _issue(ranked)
    _correct_b3(ranked)
    second = _issue(ranked, dt.date(2021, 3, 21), supersedes=first, reason="街道B3 二月月报补填满意度")
    app = open_page(monkeypatch, url_of(ranked), ARCHIVE, lang="en")
    assert app.title[0].value == "Circular archive · Ranking City"
    table = tables(app)[0]
    assert [row[0] for row in table.values.tolist()] == [second.number, first.number]
    # One column for the version's place in its line (three ran past 1280 px in English).
    assert table.values.tolist()[0][4] == f"2, current; corrects and supersedes {first.number}"
    assert table.values.tolist()[1][4] == f"1, superseded by {second.number}"
    assert "Reason for correction: 街道B3 二月月报补填满意度" in [m.value for m in app.markdown]
    assert app.subheader[0].value == f"This correction against {first.number}, which it supersedes"
    changes = tables(app)[1].values.tolist()
    assert ["Unit", "Street B3", "Score", "95.31", "100"] in changes
    app.selectbox(key="archive-choice").set_value(first.id).run()
    assert f"Superseded by {second.number}; still readable and downloadable." in [
        w.value for w in app.warning
    ]
