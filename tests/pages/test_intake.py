"""The data entry page (数据填报) under AppTest, on both databases: an upload through the
page's file chooser, its preview, its confirmation, and the forms.

Workbooks from tests/fixture_monthly.py (测试市's template for March 2020, U12's row filled:
stage 推进实施, education 2, trainings 1, drills 1, inspections 3, hazards 4 found and 3
rectified, ...).  No report of March is stored in tests/fixture_programme.py, so:

- the upload previews one new report, 0 corrections, 0 unchanged; the preview quotes the
  report's first six values in the template's order (stage, then the counts); nothing is
  written until the confirm button, then exactly one report (revision 1, by the name
  typed in 填报人); the same file at the rerun after previews 1 unchanged;
- the same book with U12's education changed from 2 to 5, after the first is written,
  previews one correction (安全教育 2 → 5); without a reason it is refused and nothing is
  written; with one, revision 2 stores who and why;
- participation 120 and trainings “三” in U12's row (row 3) are two problems, listed with
  their places, and nothing is written.

A stages workbook (U21's path, tests/data_access/test_intake_stages.py) and the setup
workbook of a new city (tests/data_access/test_intake_setup.py) preview in the page's
language: on the English page no Chinese is left but the names and the text typed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import replace
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, text

import ui.auth
from data_access import audit, users
from data_access.attainment import target_progress
from data_access.intake import apply_import, plan_import
from data_access.loading import EnrolmentSpec, ProgrammeData, load_programme_data
from data_access.regions import find_region
from data_access.stage_records import record_naming, record_stage_move
from data_access.write_scope import allowed_units
from oversight.access import Scope
from oversight.attainment import assess_targets
from oversight.intake.kinds import kind_of
from oversight.intake.plan import Change, ImportPlan
from tests.data_access.test_intake_setup import (
    ALLOCATIONS,
    DISBURSEMENTS,
    PROGRAMME,
    STAGES,
    TARGETS,
    city_rows,
    filled,
)
from tests.data_access.test_intake_stages import U21_PATH
from tests.data_access.test_intake_stages import _filled as stages_filled
from tests.fixture_monthly import U12_ROW, march_book, put, snapshot
from tests.fixture_programme import year_programme
from tests.pages.conftest import open_page, url_of
from tests.signed_in import EVERY_WRITE
from tests.signing import ensure_user
from ui.views import intake

D = dt.date
PAGE = "pages/intake.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
U12_NEW = [
    "新增",
    "U12 2020-03",
    "街道U12",
    "",
    "",
    "创建阶段 推进实施，安全教育（次） 2，安全培训（次） 1，应急演练（次） 1，综合检查（次） 3，发现隐患（项） 4…",
]


def _bytes(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _open(engine: Engine, monkeypatch, by: str = "测试员", grants=EVERY_WRITE, **query: str):
    """The page signed in as ``by``, by default holding every write in the fixture's city."""
    ensure_user(engine, by, grants)
    return open_page(monkeypatch, url_of(engine), PAGE, as_user=by, month="2020-04", **query)


def _upload(app, content: bytes, name: str = "月报.xlsx"):
    app.file_uploader(key="intake-files").set_value((name, content, XLSX)).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


FORM_TABLES = ("intake-domains", "intake-grades-")
"""The form's own tables (data editors), always on the page; the grade table's key ends
with its scheme's id."""


def _frame(app):
    """The one table of a preview or of the problems (one section shows one at a time):
    AppTest does not name a read-only table by its key."""
    (table,) = [frame for frame in app.dataframe if not frame.key or not frame.key.startswith(FORM_TABLES)]
    return table.value


def _reports(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return [
            (row[0], str(row[1])[:10], *row[2:])
            for row in connection.execute(
                text(
                    "SELECT u.code, r.month, r.revision, r.submitted_by, r.correction_reason, r.education_events "
                    "FROM report r JOIN region u ON u.id = r.unit_id ORDER BY u.code, r.month, r.revision"
                )
            )
        ]


def _texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_upload_previews_and_writes_only_on_confirm(programme_engine, monkeypatch):
    before = snapshot(programme_engine)
    reports = _reports(programme_engine)
    app = _upload(_open(programme_engine, monkeypatch), _bytes(march_book(programme_engine)))
    assert "新增 1 条，更正 0 条，未变 0 条。" in _texts(app.markdown)
    assert _frame(app).values.tolist() == [U12_NEW]
    # Reruns keep the preview and never write by themselves.
    app.run()
    app.run()
    assert _frame(app).values.tolist() == [U12_NEW]
    assert snapshot(programme_engine) == before
    app.button(key="upload-confirm").click().run()
    assert not app.exception
    assert _texts(app.success) == ["已写入。新增月报 1 份，更正 0 份，未变 0 份。"]
    assert _reports(programme_engine) == sorted([*reports, ("U12", "2020-03-01", 1, "测试员", None, 2)])
    # The same file, checked again at the rerun after writing: nothing to write.
    assert "新增 0 条，更正 0 条，未变 1 条。" in _texts(app.markdown)
    assert _frame(app).values.tolist() == [["未变", "U12 2020-03", "街道U12", "", "", ""]]
    assert _texts(app.info) == ["所有记录与已保存的完全相同，无需写入。"]
    assert "upload-confirm" not in _button_keys(app)


def _button_keys(app) -> set[str]:
    return {button.key for button in app.button}


def test_a_correction_needs_its_reason_and_is_stored_as_a_revision(programme_engine, monkeypatch):
    first = march_book(programme_engine)
    apply_import(
        programme_engine,
        plan_import(programme_engine, [("月报.xlsx", _bytes(first))], Scope.command_line("张三")),
        Scope.command_line("张三"),
        "",
    )
    corrected = march_book(programme_engine)
    put(corrected["月报"], U12_ROW, {"安全教育（次）": 5})
    before = snapshot(programme_engine)
    app = _upload(_open(programme_engine, monkeypatch), _bytes(corrected))
    assert "新增 0 条，更正 1 条，未变 0 条。" in _texts(app.markdown)
    assert _frame(app).values.tolist() == [["更正", "U12 2020-03", "街道U12", "安全教育（次）", "2", "5"]]
    app.button(key="upload-confirm").click().run()
    assert _texts(app.error) == ["本次含有更正，请填写更正原因。"]
    assert snapshot(programme_engine) == before
    app.text_input(key="upload-reason").input("教育次数录入有误").run()
    app.button(key="upload-confirm").click().run()
    assert _texts(app.success) == ["已写入。新增月报 0 份，更正 1 份，未变 0 份。"]
    u12 = [row[2:] for row in _reports(programme_engine) if row[0] == "U12"]
    assert u12 == [(1, "张三", None, 2), (2, "测试员", "教育次数录入有误", 5)]


def test_a_bad_file_lists_every_problem_and_writes_nothing(programme_engine, monkeypatch):
    book = march_book(programme_engine)
    put(book["月报"], U12_ROW, {"居民参与率（%）": 120, "安全培训（次）": "三"})
    before = snapshot(programme_engine)
    app = _upload(_open(programme_engine, monkeypatch), _bytes(book))
    assert _texts(app.error) == ["发现 2 个问题，未写入任何内容"]
    assert _frame(app).values.tolist() == [
        ["月报.xlsx", "月报", "3", "安全培训（次）", "三", "应填数字，却填了文字；请只填阿拉伯数字。"],
        ["月报.xlsx", "月报", "3", "居民参与率（%）", "120", "百分数须在 0 到 100 之间（85 表示 85%）。"],
    ]
    assert "upload-confirm" not in _button_keys(app)
    assert snapshot(programme_engine) == before


def test_problems_in_english(programme_engine, monkeypatch):
    book = march_book(programme_engine)
    put(book["月报"], U12_ROW, {"居民参与率（%）": 120})
    app = _upload(_open(programme_engine, monkeypatch, "Alice", lang="en"), _bytes(book))
    assert app.title[0].value == "Data entry — Test City"
    assert _texts(app.error) == ["Problems found: 1. Nothing was written"]
    assert _frame(app).values.tolist() == [
        [
            "月报.xlsx",
            "月报",
            "3",
            "居民参与率（%）",
            "120",
            "A percentage must lie between 0 and 100 (85 means 85%).",
        ]
    ]


def test_a_preview_gone_stale_is_refused_at_confirm(programme_engine, monkeypatch):
    content = _bytes(march_book(programme_engine))
    app = _upload(_open(programme_engine, monkeypatch), content)
    # Someone else sends U12's March between the preview and the confirmation.
    apply_import(
        programme_engine,
        plan_import(programme_engine, [("别人的.xlsx", content)], Scope.command_line("李四")),
        Scope.command_line("李四"),
        "",
    )
    before = snapshot(programme_engine)
    app.button(key="upload-confirm").click().run()
    assert _texts(app.error) == [
        "预览之后数据已有变化（其他人刚提交或更正了相关记录），本次未写入任何内容；请重新预览后再确认。"
    ]
    assert snapshot(programme_engine) == before
    # Checked again: the report is there now, unchanged.
    assert "新增 0 条，更正 0 条，未变 1 条。" in _texts(app.markdown)


def test_nothing_is_offered_or_checked_without_a_role_that_writes(programme_engine, monkeypatch):
    """A city leader reads everything and writes nothing: the navigation does not list
    数据填报, and the page's own offer (were it reached) is empty: no tab, no template,
    no unit, so the page says only the refusal that names nothing."""
    ensure_user(programme_engine, "市领导", [("leader", "C")])
    with pytest.raises(ValueError, match=r"intake\.py"):
        open_page(monkeypatch, url_of(programme_engine), PAGE, as_user="市领导")
    scope = users.scope_of(programme_engine, "市领导")
    units = {code: code for code in ("U11", "U21")}
    allowed = allowed_units(programme_engine, scope, intake.STAGE_ACTIONS + intake.REPORT_ACTIONS, units)
    chosen = SimpleNamespace(region=find_region(programme_engine, "C"))
    offer = intake.Intake(chosen, "", "", units, {}, (), scope, allowed)
    assert (offer.tabs(), offer.templates(), offer.units_for("submit", "move", "name")) == ((), (), {})


def _options(app, label: str, form: str | None = None) -> list:
    return next(box for box in app.selectbox if box.label == label and box.form_id == (form or "")).options


def _template_titles(app) -> list[str]:
    return [text for text in _texts(app.markdown) if text.startswith("**") and "模板" in text]


def test_a_clerk_is_offered_its_own_units_report_only(programme_engine, monkeypatch):
    """填报员13 (clerk of U13): the report's template made for its unit, the upload and the
    form for U13 alone; no stage forms, no set-up.  What it sends is in its name."""
    app = _open(programme_engine, monkeypatch, "填报员13", [("clerk", "U13")])
    assert [tab.label for tab in app.tabs] == ["下载模板", "上传工作簿", "表单填报月报"]
    assert _template_titles(app) == ["**月报模板（街道U13，2020年4月）**"]
    assert _options(app, "单位") == ["U13 街道U13"]
    assert "以您的用户名 填报员13 登记" in " ".join(_texts(app.caption))


def test_a_county_office_is_offered_its_units_moves_and_county_reviews(programme_engine, monkeypatch):
    """甲区办 (county office of D1): its five streets in every chooser, the templates made
    for 甲区, moves and the county's preliminary review, never the city's or a naming."""
    app = _open(programme_engine, monkeypatch, "甲区办", [("county", "D1")])
    assert [tab.label for tab in app.tabs] == ["下载模板", "上传工作簿", "表单填报月报", "阶段、审核与命名"]
    assert _template_titles(app) == ["**月报模板（甲区，2020年4月）**", "**阶段与命名模板（甲区）**"]
    streets = [f"U1{n} 街道U1{n}" for n in range(1, 6)]
    assert _options(app, "单位") == streets
    assert app.segmented_control(key="intake-record-kind").options == ["阶段变动", "初审 / 审核"]
    assert _options(app, "单位", "intake-record-move") == streets
    app.segmented_control(key="intake-record-kind").set_value("review").run()
    assert next(radio for radio in app.radio if radio.label == "审核级别").options == [
        "县级初审（区县安委办）"
    ]


def test_staff_are_offered_moves_city_reviews_titles_and_setup_but_no_report(programme_engine, monkeypatch):
    """市局 (staff of C): no report form or monthly template (staff do not report); the
    stages template of the city, the set-up template, every unit for moves, the city's
    review only, namings, renewals and revocations."""
    app = _open(programme_engine, monkeypatch, "市局", [("staff", "C")])
    assert [tab.label for tab in app.tabs] == ["下载模板", "上传工作簿", "阶段、审核与命名"]
    assert _template_titles(app) == ["**阶段与命名模板（测试市）**", "**地区与单位设置模板（新设城市）**"]
    assert app.segmented_control(key="intake-record-kind").options == [
        "阶段变动",
        "初审 / 审核",
        "命名",
        "再命名",
        "撤销命名",
    ]
    assert len(_options(app, "单位", "intake-record-move")) == 7
    app.segmented_control(key="intake-record-kind").set_value("review").run()
    assert next(radio for radio in app.radio if radio.label == "审核级别").options == ["市级审核（市安委办）"]


def test_an_upload_is_written_in_the_signed_in_users_name(programme_engine, monkeypatch):
    """甲区办 uploads 甲区's template with U12's March: the report and its audit row are in
    its name.  The city's template, made for a region it may not write in, is refused."""
    app = _open(programme_engine, monkeypatch, "甲区办", [("county", "D1")])
    _upload(app, _bytes(march_book(programme_engine)))
    assert [row[-1] for row in _frame(app).values.tolist()] == [
        "模板的填报地区 C 不在您的填报范围内，整份文件未导入；请下载本页提供的模板。"
    ]
    reports = _reports(programme_engine)
    _upload(app, _bytes(march_book(programme_engine, "D1")), "甲区.xlsx")
    app.button(key="upload-confirm").click().run()
    assert _reports(programme_engine) == sorted([*reports, ("U12", "2020-03-01", 1, "甲区办", None, 2)])
    events = audit.events(programme_engine, kinds=["report_submitted"], user="甲区办")
    assert events[["subject", "region_code"]].values.tolist() == [["U12 2020-03", "U12"]]


def _number(app, label: str):
    return next(widget for widget in app.number_input if widget.label == label)


def _form_values(app, values: dict) -> None:
    for label, value in values.items():
        _number(app, label).set_value(value)


FORM_U13 = {
    "安全教育（次）": 1,
    "安全培训（次）": 0,
    "应急演练（次）": 0,
    "综合检查（次）": 2,
    "发现隐患（项）": 3,
    "整改隐患（项）": 3,
    "志愿者（人）": 8,
    "绩效评审（次）": 0,
    "资金支出（元）": 0.0,
    "补助到位（元）": 0.0,
}


def _form(app, unit: str = "U13", month: dt.date = dt.date(2020, 3, 1)):
    form = app.get("form")
    assert form
    app.selectbox(key="intake-form-unit").set_value(unit)
    app.selectbox(key="intake-form-month").set_value(month)
    app.selectbox(key="intake-form-stage").set_value("implementing")


def test_the_form_previews_and_writes_one_units_month(programme_engine, monkeypatch):
    app = _open(programme_engine, monkeypatch)
    _form(app)
    _form_values(app, FORM_U13)
    next(b for b in app.button if b.label == "检查并预览").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert "新增 1 条，更正 0 条，未变 0 条。" in _texts(app.markdown)
    assert _frame(app).values.tolist() == [
        [
            "新增",
            "U13 2020-03",
            "街道U13",
            "",
            "",
            "创建阶段 推进实施，安全教育（次） 1，安全培训（次） 0，应急演练（次） 0，综合检查（次） 2，发现隐患（项） 3…",
        ]
    ]
    app.button(key="form-confirm").click().run()
    assert _texts(app.success) == ["已写入。新增月报 1 份，更正 0 份，未变 0 份。"]
    assert [row[2:] for row in _reports(programme_engine) if row[0] == "U13"] == [(1, "测试员", None, 1)]


def test_the_form_has_the_uploads_checks(programme_engine, monkeypatch):
    app = _open(programme_engine, monkeypatch)
    _form(app)
    _form_values(app, FORM_U13 | {"整改隐患（项）": 4})
    before = snapshot(programme_engine)
    next(b for b in app.button if b.label == "检查并预览").click().run()
    problems = _frame(app).values.tolist()
    assert [row[:5] for row in problems] == [["表单", "", "", "整改隐患（项）", "4"]]
    assert "form-marked" not in {button.key for button in app.get("download_button")}
    assert snapshot(programme_engine) == before


def _stage_events(engine: Engine, unit: str) -> list[tuple]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT e.stage_code, e.recorded_by, e.note FROM stage_event e "
                    "JOIN region u ON u.id = e.unit_id WHERE u.code = :unit ORDER BY e.id"
                ),
                {"unit": unit},
            )
        ]


def test_a_stage_move_that_skips_needs_a_reason(programme_engine, monkeypatch):
    app = _open(programme_engine, monkeypatch)
    before = _stage_events(programme_engine, "U12")
    assert before == [("launched", "test", "")]
    next(
        box for box in app.selectbox if box.label == "单位" and box.form_id == "intake-record-move"
    ).set_value("U12")
    next(box for box in app.selectbox if box.label == "进入阶段").set_value("self_assessed")
    next(d for d in app.date_input if d.label == "进入日期").set_value(dt.date(2020, 5, 1))
    next(b for b in app.button if b.label == "登记").click().run()
    assert _texts(app.error) == ["U12 2020-05-01：从备案启动到自评跳过了推进实施，须填写原因"]
    assert _stage_events(programme_engine, "U12") == before
    next(t for t in app.text_input if t.label == "原因（跳过或倒退阶段时必填）").input("推进与自评同月完成")
    next(b for b in app.button if b.label == "登记").click().run()
    assert _texts(app.success) == ["已登记：阶段变动（U12）。"]
    assert _stage_events(programme_engine, "U12") == [
        *before,
        ("self_assessed", "测试员", "推进与自评同月完成"),
    ]


def test_a_revocation_of_an_unknown_certificate_is_refused(programme_engine, monkeypatch):
    """Refused as one of another city's would be: the page says neither that N-X does not
    exist nor that it lies elsewhere (oversight.access.OutOfScope)."""
    app = _open(programme_engine, monkeypatch)
    app.segmented_control(key="intake-record-kind").set_value("revocation").run()
    next(t for t in app.text_input if t.label == "证书编号").input("N-X")
    next(d for d in app.date_input if d.label == "撤销日期").set_value(dt.date(2020, 11, 1))
    next(t for t in app.text_input if t.label == "撤销原因").input("复评未通过")
    next(b for b in app.button if b.label == "登记").click().run()
    assert _texts(app.error) == ["您没有查看或办理这项内容的权限。如需权限，请联系系统管理员。"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_draws_in_both_languages(programme_engine, monkeypatch, lang):
    app = _open(programme_engine, monkeypatch, lang=lang)
    assert not app.exception
    assert [tab.label for tab in app.tabs] == (
        ["下载模板", "上传工作簿", "表单填报月报", "阶段、审核与命名"]
        if lang == "zh"
        else ["Templates", "Upload workbooks", "Monthly report form", "Stages, reviews and titles"]
    )


def _target_rows(engine: Engine) -> dict:
    frame = assess_targets(target_progress(engine, dt.date(2020, 12, 31)))
    return {(row.target_code, row.region_code): row for row in frame.itertuples()}


def test_a_naming_through_the_form_counts_in_the_targets(programme_engine, monkeypatch):
    """U22 (乙区) held only a title expired in 2019: T2 finds 乙区 short by one national
    title and the city 1 of 2 districts.  Named national on 2020-11-01 (no programme, so
    no stage move), 乙区 has 1 and meets T2, and so does the city (2 of 2)."""
    before = _target_rows(programme_engine)
    assert (before[("T2", "D2")].achieved, before[("T2", "C")].achieved) == (0, 1)
    app = _open(programme_engine, monkeypatch)
    app.segmented_control(key="intake-record-kind").set_value("naming").run()
    next(
        box for box in app.selectbox if box.label == "单位" and box.form_id == "intake-record-naming"
    ).set_value("U22")
    next(box for box in app.selectbox if box.label == "命名级别").set_value("national")
    next(d for d in app.date_input if d.label == "命名日期").set_value(dt.date(2020, 11, 1))
    next(t for t in app.text_input if t.label == "证书编号").input("N-U22-2")
    next(d for d in app.date_input if d.label == "有效期至").set_value(dt.date(2025, 10, 31))
    next(b for b in app.button if b.label == "登记").click().run()
    assert _texts(app.success) == ["已登记：命名（U22）。"]
    after = _target_rows(programme_engine)
    assert (after[("T2", "D2")].achieved, after[("T2", "D2")].met) == (1, True)
    assert (after[("T2", "C")].achieved, after[("T2", "C")].met) == (2, True)


def test_a_review_before_the_application_is_refused(programme_engine, monkeypatch):
    """U11 is 推进实施 (since 2020-03-01): the county office cannot review an application
    not yet made."""
    app = _open(programme_engine, monkeypatch)
    app.segmented_control(key="intake-record-kind").set_value("review").run()
    next(
        box for box in app.selectbox if box.label == "单位" and box.form_id == "intake-record-review"
    ).set_value("U11")
    next(t for t in app.text_area if t.label == "审核意见").input("材料齐全，同意")
    next(d for d in app.date_input if d.label == "审核日期").set_value(dt.date(2020, 6, 1))
    next(b for b in app.button if b.label == "登记").click().run()
    assert _texts(app.error) == [
        "U11 2020-06-01 县级初审：该单位尚未申报（当前阶段：推进实施），不能县级初审"
    ]


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("zh", "地区与单位设置模板（新设城市）"), ("en", "Setup template (a new city)")],
)
def test_the_templates_tab_offers_the_setup_workbook(programme_engine, monkeypatch, lang, heading):
    """Beside the monthly and the stages template, the setup workbook a new city is set
    up from: its first sheet 地区与单位 is what the upload takes as a setup workbook."""
    app = _open(programme_engine, monkeypatch, lang=lang)
    assert f"**{heading}**" in _texts(app.markdown)
    keys = [button.key for button in app.get("download_button")]
    assert keys[:3] == ["intake-monthly-template", "intake-stages-template", "intake-setup-template"]
    content = intake.template_file("setup", None, engine=programme_engine)
    assert kind_of(load_workbook(io.BytesIO(content), read_only=True).sheetnames) == "setup"
    assert intake.template_name("setup", "测试市") == "地区与单位设置模板.xlsx"


def test_a_renewal_that_leaves_the_path_needs_a_reason(programme_engine, monkeypatch):
    """U21 (launched 2020-04-15) named national under PR on 2020-06-01 (a skip to 命名,
    with its reason), then sent back to 推进实施 on 2020-07-01 (a reversal, with its
    reason).  Renewing its certificate on 2020-08-01 brings the path from 推进实施 to
    命名 again, skipping 自评…现场评定: as the stages workbook's 原因 column, the form
    must say why, and nothing is written without it."""
    record_naming(
        programme_engine,
        "U21",
        "national",
        D(2020, 6, 1),
        "N-U21",
        None,
        Scope.command_line("test"),
        "PR",
        "直接命名",
    )
    record_stage_move(
        programme_engine, "U21", "PR", "implementing", D(2020, 7, 1), Scope.command_line("test"), "整改"
    )
    before = _stage_events(programme_engine, "U21")
    app = _open(programme_engine, monkeypatch)
    app.segmented_control(key="intake-record-kind").set_value("renewal").run()
    next(t for t in app.text_input if t.label == "原证书编号").input("N-U21")
    next(d for d in app.date_input if d.label == "再命名日期").set_value(D(2020, 8, 1))
    next(t for t in app.text_input if t.label == "新证书编号").input("N-U21-R")
    next(b for b in app.button if b.label == "登记").click().run()
    assert _texts(app.error) == [
        "证书 N-U21 2020-08-01 续期：从推进实施到命名跳过了自评、申报、县级初审、市级审核、现场评定，须填写原因"
    ]
    assert _stage_events(programme_engine, "U21") == before
    next(t for t in app.text_input if t.label == "原因（跳过或倒退阶段时必填）").input("整改后复评通过")
    next(b for b in app.button if b.label == "登记").click().run()
    assert _texts(app.success) == ["已登记：再命名（N-U21）。"]
    assert _stage_events(programme_engine, "U21") == [*before, ("named", "测试员", "整改后复评通过")]


@pytest.fixture
def two_schemes_engine(programme_engine) -> Engine:
    """测试市 with a second programme, PR150 on the 150-point on-site form (items graded
    a/b/c/d in three parts each: 有无, 佐证, 效果), running 2020-02-01..2020-12-31 with
    U22 enrolled.  In March 2020 U13 reports under PR only (A/B/C, one grade per item:
    45 rows), U22 under PR and PR150: the latest-starting programme covering the month
    decides, PR150 (45 × 3 = 135 rows)."""
    spec = year_programme(
        "PR150",
        "现场评定方案",
        "On-site form programme",
        "C",
        2020,
        [EnrolmentSpec("U22", D(2020, 2, 1))],
        ("onsite150", 1),
    )
    load_programme_data(programme_engine, ProgrammeData(programmes=[replace(spec, start_date=D(2020, 2, 1))]))
    return programme_engine


def _grade_table(app):
    (table,) = [frame for frame in app.dataframe if frame.key and frame.key.startswith("intake-grades-")]
    options = json.loads(table.proto.columns)
    return table, table.value, next(iter(options.values()))["type_config"]["options"]


def _expander_labels(app) -> list[str]:
    return [expander.label for expander in app.expander]


def test_the_form_grades_in_the_chosen_units_own_scheme(two_schemes_engine, monkeypatch):
    engine = two_schemes_engine
    app = _open(engine, monkeypatch)
    _form(app, "U13")
    app.run()
    table, frame, options = _grade_table(app)
    assert (len(frame), frame.iloc[0].tolist()[0], options) == (45, "1.1", ["A", "B", "C"])
    assert "自评等级：国家级安全社区评定指标（A/B/C三级）（本月不重新自评可不填）" in _expander_labels(app)
    abc = table.key
    _form(app, "U22")
    app.run()
    table, frame, options = _grade_table(app)
    assert table.key != abc
    assert len(frame) == 135
    assert frame.iloc[:3, 0].tolist() == ["1.1 有无", "1.1 佐证", "1.1 效果"]
    assert options == ["a", "b", "c", "d"]
    assert "自评等级：全国安全社区现场评定表（150分，示例配置）（本月不重新自评可不填）" in _expander_labels(
        app
    )
    # Every part graded a: the report is written under PR150's scheme with its 135 grades.
    app.session_state[table.key] = {
        "edited_rows": {row: {"等级": "a"} for row in range(135)},
        "added_rows": [],
        "deleted_rows": [],
    }
    _form_values(app, FORM_U13)
    next(b for b in app.button if b.label == "检查并预览").click().run()
    assert "新增 1 条，更正 0 条，未变 0 条。" in _texts(app.markdown)
    app.button(key="form-confirm").click().run()
    assert _texts(app.success) == ["已写入。新增月报 1 份，更正 0 份，未变 0 份。"]
    with engine.connect() as connection:
        written = connection.execute(
            text(
                "SELECT s.code, count(g.grade), min(g.grade), max(g.grade) FROM report r "
                "JOIN region u ON u.id = r.unit_id JOIN grading_scheme s ON s.id = r.scheme_id "
                "JOIN report_grade g ON g.report_id = r.id WHERE u.code = 'U22' GROUP BY s.code"
            )
        ).all()
    assert [tuple(row) for row in written] == [("onsite150", 135, "a", "a")]


def test_the_grade_table_names_its_parts_in_english(two_schemes_engine, monkeypatch):
    app = _open(two_schemes_engine, monkeypatch, "Alice", lang="en")
    app.selectbox(key="intake-form-unit").set_value("U22")
    app.selectbox(key="intake-form-month").set_value(D(2020, 3, 1)).run()
    _, frame, _ = _grade_table(app)
    assert frame.columns.tolist() == ["Item", "Grade"]
    assert frame.iloc[:3, 0].tolist() == ["1.1 Existence", "1.1 Evidence", "1.1 Effect"]
    assert (
        "Self-assessment grades: National on-site form, 150 points (sample configuration) "
        "(leave empty when not reassessed this month)"
    ) in _expander_labels(app)


CJK = re.compile(r"[\u4e00-\u9fff]")


def _record_en(app, kind: str, selects: dict, texts: dict, days: dict):
    """Fill the English page's ``kind`` form (fields by label) and press Record."""
    app.segmented_control(key="intake-record-kind").set_value(kind).run()
    form = f"intake-record-{kind}"
    for label, value in selects.items():
        next(box for box in app.selectbox if box.label == label and box.form_id == form).set_value(value)
    for label, value in texts.items():
        next(t for t in [*app.text_input, *app.text_area] if t.label == label).input(value)
    for label, value in days.items():
        next(d for d in app.date_input if d.label == label).set_value(value)
    next(b for b in app.button if b.label == "Record").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return _texts(app.error)


@pytest.mark.parametrize(
    ("kind", "selects", "texts", "days", "expected"),
    [
        (
            "move",
            {"Unit": "U12", "Stage entered": "self_assessed"},
            {},
            {"Entered on": D(2020, 5, 1)},
            "U12 2020-05-01: from “Registered, launched” to “Self-assessed” skips Implementing: give the reason",
        ),
        (
            "review",
            {"Unit": "U11"},
            {"Opinion": "Complete, agreed"},
            {"Reviewed on": D(2020, 6, 1)},
            "U11 2020-06-01 county review: the unit has not applied yet (its stage: Implementing), "
            "so no county review is possible",
        ),
        (
            "naming",
            {"Unit": "U22", "Title level": "national"},
            {"Certificate number": "N-U11"},
            {"Named on": D(2020, 11, 1)},
            "U22 2020-11-01 naming: certificate number N-U11 is used by another naming",
        ),
        (
            "renewal",
            {},
            {"Certificate renewed": "N-U15", "New certificate number": "N-U15-R"},
            {"Renewed on": D(2020, 12, 1)},
            "Certificate N-U15 2020-12-01 renewal: the title was revoked on 2020-10-01: it cannot be renewed",
        ),
        (
            "revocation",
            {},
            {"Certificate number": "N-X", "Reason for the revocation": "Failed re-evaluation"},
            {"Revoked on": D(2020, 11, 1)},
            "You are not allowed to see or do this. Ask your administrator for access.",
        ),
    ],
    ids=["move", "review", "naming", "renewal", "revocation"],
)
def test_every_stage_forms_refusal_in_english(
    programme_engine, monkeypatch, kind, selects, texts, days, expected
):
    """Each form refused by the fixture's path (U12 launched only; U11 implementing; N-U11
    is U11's; U15's N-U15 revoked 2020-10-01; no N-X, refused as outside the scope): the
    sentence in English, not a character of Chinese, and nothing written."""
    before = snapshot(programme_engine)
    app = _open(programme_engine, monkeypatch, "Alice", lang="en")
    assert _record_en(app, kind, selects, texts, days) == [expected]
    assert not CJK.findall(expected)
    assert snapshot(programme_engine) == before


def test_the_report_forms_problems_in_english(programme_engine, monkeypatch):
    """U13's March with 4 hazards rectified of 3 found and the other counts left empty:
    each problem names the form and its field as the English form labels them."""
    app = _open(programme_engine, monkeypatch, "Alice", lang="en")
    app.selectbox(key="intake-form-unit").set_value("U13")
    app.selectbox(key="intake-form-month").set_value(D(2020, 3, 1))
    app.selectbox(key="intake-form-stage").set_value("implementing")
    for label, value in {"Hazards found": 3, "Hazards rectified": 4}.items():
        _number(app, label).set_value(value)
    next(b for b in app.button if b.label == "Check and preview").click().run()
    rows = _frame(app).values.tolist()
    assert rows[-1] == [
        "Form",
        "",
        "",
        "Hazards rectified",
        "4",
        "More hazards rectified than found this month (3). Check the figures.",
    ]
    # the eight counts left empty are problems too, each named by its English label
    assert [row[3] for row in rows[:-1]] == [
        "Education",
        "Trainings",
        "Drills",
        "Inspections",
        "Volunteers",
        "Reviews",
        "Funds spent (yuan)",
        "Subsidy received (yuan)",
    ]
    assert not CJK.findall(" ".join(" ".join(row) for row in rows)), rows


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
"""A Chinese character or punctuation: none may be left in an English preview but in the
data names and the text a clerk typed, listed by each test."""

PREVIEW_EN = ["Change", "Record", "Name", "Field", "Before", "After"]
PREVIEW_ZH = ["变化", "记录", "名称", "项目", "原值", "新值"]


def _without(text: str, typed: tuple[str, ...]) -> str:
    for words in typed:
        text = text.replace(words, "")
    return text


U21_PREVIEW = {
    # U21's path of tests/data_access/test_intake_stages.py (U21_PATH), one row a record;
    # the stage each record brings U21 to from the reference catalogue.
    "zh": [
        ["新增", "U21 2020-05-01", "街道U21", "", "", "记录类型 阶段变动，阶段 推进实施"],
        ["新增", "U21 2020-07-01", "街道U21", "", "", "记录类型 阶段变动，阶段 自评"],
        ["新增", "U21 2020-08-01", "街道U21", "", "", "记录类型 阶段变动，阶段 申报"],
        [
            "新增",
            "U21 2020-08-20",
            "街道U21",
            "",
            "",
            "记录类型 县级初审，审核结论 同意，审核意见 同意上报，阶段 县级初审",
        ],
        [
            "新增",
            "U21 2020-09-10",
            "街道U21",
            "",
            "",
            "记录类型 市级审核，审核结论 同意，审核意见 同意推荐，阶段 市级审核",
        ],
        ["新增", "U21 2020-10-01", "街道U21", "", "", "记录类型 阶段变动，阶段 现场评定"],
        [
            "新增",
            "U21 2020-11-01",
            "街道U21",
            "",
            "",
            "记录类型 命名，命名级别 全国安全社区，证书编号 N-U21，有效期至 2025-10-31，阶段 命名",
        ],
    ],
    "en": [
        ["New", "U21 2020-05-01", "街道U21", "", "", "Record type Stage move, Stage Implementing"],
        ["New", "U21 2020-07-01", "街道U21", "", "", "Record type Stage move, Stage Self-assessed"],
        ["New", "U21 2020-08-01", "街道U21", "", "", "Record type Stage move, Stage Applied"],
        [
            "New",
            "U21 2020-08-20",
            "街道U21",
            "",
            "",
            "Record type County review, Decision Agree, Opinion 同意上报, Stage County review passed",
        ],
        [
            "New",
            "U21 2020-09-10",
            "街道U21",
            "",
            "",
            "Record type City review, Decision Agree, Opinion 同意推荐, Stage City review passed",
        ],
        ["New", "U21 2020-10-01", "街道U21", "", "", "Record type Stage move, Stage On-site evaluation"],
        [
            "New",
            "U21 2020-11-01",
            "街道U21",
            "",
            "",
            "Record type Naming, Title level National, Certificate number N-U21, "
            "Valid until 2025-10-31, Stage Named",
        ],
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stages_workbooks_preview_reads_in_the_pages_language(programme_engine, monkeypatch, lang):
    """The stages workbook's preview names its fields and words its record kinds, stages,
    decisions and title levels in the page's language; U21's name (the fixture has no
    English one) and the opinions typed (同意上报, 同意推荐) stay as they are."""
    app = _upload(
        _open(programme_engine, monkeypatch, lang=lang),
        stages_filled(programme_engine, U21_PATH),
        "阶段.xlsx",
    )
    table = _frame(app)
    assert list(table.columns) == (PREVIEW_ZH if lang == "zh" else PREVIEW_EN)
    assert table.values.tolist() == U21_PREVIEW[lang]
    if lang == "en":
        for row in table.values.tolist():
            assert not CJK.search(_without(" ".join(row), ("街道U21", "同意上报", "同意推荐"))), row


SETUP_TYPED = ("新安省", "新安市", "东城区", "西城县", "东一街道", "东二街道", "西一镇")
"""The Chinese names in tests/data_access/test_intake_setup.py's city that its preview
quotes as typed, besides the programme's, the stages' names, the targets' descriptions
and the subsidies' notes."""

SETUP_PREVIEW = {
    "zh": [
        [
            "新增",
            "990000",
            "新安省",
            "",
            "",
            "地区编码 990000，中文名称 新安省，英文名称 Xin'an Province，层级 省级，类型 省",
        ],
        [
            "新增",
            "XA-2024",
            "新安市安全社区建设实施方案",
            "",
            "",
            "方案编码 XA-2024，方案名称 新安市安全社区建设实施方案，英文名称 Xin'an Safe Community plan，"
            "所属地区编码 990100，命名级别 市级安全社区，评分方案 国家级安全社区评定指标（A/B/C三级）（第1版）…",
        ],
        [
            "新增",
            "XA-2024 / 990102001",
            "",
            "",
            "",
            "方案编码 XA-2024，单位编码 990102001，纳入日期 2024-01-01，是否试点 是",
        ],
        [
            "新增",
            "XA-2024 / T1",
            "半数单位建成市级安全社区",
            "",
            "",
            "方案编码 XA-2024，目标编码 T1，目标形态 比例目标，范围地区编码 990100，命名级别 市级安全社区，目标值 50.00…",
        ],
    ],
    "en": [
        [
            "New",
            "990000",
            "新安省",
            "",
            "",
            "Region code 990000, Chinese name 新安省, English name Xin'an Province, Level Province, Kind Province",
        ],
        [
            "New",
            "XA-2024",
            "新安市安全社区建设实施方案",
            "",
            "",
            "Programme code XA-2024, Programme name 新安市安全社区建设实施方案, English name Xin'an Safe "
            "Community plan, Region code 990100, Title level Municipal, Grading scheme National indicators, "
            "graded A/B/C (version 1)…",
        ],
        [
            "New",
            "XA-2024 / 990102001",
            "",
            "",
            "",
            "Programme code XA-2024, Unit code 990102001, Enrolled on 2024-01-01, Pilot Yes",
        ],
        [
            "New",
            "XA-2024 / T1",
            "半数单位建成市级安全社区",
            "",
            "",
            "Programme code XA-2024, Target code T1, Target shape Share target, Scope region code 990100, "
            "Title level Municipal, Target value 50.00…",
        ],
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_setup_workbooks_preview_reads_in_the_pages_language(programme_engine, monkeypatch, lang):
    """The new city of tests/data_access/test_intake_setup.py uploaded on the page: 19 new
    records (7 regions, the programme, 2 stages, 3 enrolments, 2 targets, 2 allocations,
    2 payments); the province's, the programme's, 东一's enrolment's and T1's rows quoted
    in full (T1's 目标值 as the reader keeps it, to the cent: 50.00).  Its level, kind, title level, scheme, shape and 是/否 read in the page's
    language; the names, descriptions and notes typed stay as typed.  A new province is set
    up from the command line only (no role sets up a province), so the page runs in the
    command line's scope here: the preview's wording is what is tested."""
    monkeypatch.setattr(ui.auth, "current_scope", lambda: Scope.command_line("测试员"))
    app = _upload(
        _open(programme_engine, monkeypatch, lang=lang), filled(programme_engine, city_rows()), "新安市.xlsx"
    )
    table = _frame(app)
    assert list(table.columns) == (PREVIEW_ZH if lang == "zh" else PREVIEW_EN)
    rows = table.values.tolist()
    assert len(rows) == 19
    assert [rows[0], rows[7], rows[10], rows[13]] == SETUP_PREVIEW[lang]
    if lang == "en":
        typed = (
            PROGRAMME[1],
            *(stage[2] for stage in STAGES),
            *(target[7] for target in TARGETS),
            *(row[-1] for row in (*ALLOCATIONS, *DISBURSEMENTS) if row[-1]),
            *SETUP_TYPED,
        )
        for row in rows:
            assert not CJK.search(_without(" ".join(row), typed)), row


def test_a_reports_preview_words_its_stage_in_english(programme_engine, monkeypatch):
    """U12's March report (stage 推进实施 typed from the template's list) previews its stage
    as the catalogue names it in English, its fields as the report form labels them."""
    app = _upload(_open(programme_engine, monkeypatch, lang="en"), _bytes(march_book(programme_engine)))
    assert _frame(app).values.tolist() == [
        [
            "New",
            "U12 2020-03",
            "街道U12",
            "",
            "",
            "Stage Implementing, Education 2, Trainings 1, Drills 1, Inspections 3, Hazards found 4…",
        ]
    ]


def test_a_corrections_domain_and_grade_fields_read_in_english():
    """A correction's fields are listed one by one: a domain's count (消防安全·伤害数) and a
    grade (自评等级 1.1, or by part 自评等级 1.1 有无) are named in English as the
    catalogue and the form name them; the Chinese page keeps the workbook's headers."""
    change = Change(
        "correction",
        "report",
        "U12 2020-03",
        "街道U12",
        {"消防安全·伤害数": 1, "自评等级 1.1": "A", "自评等级 2.3 有无": "b"},
        {"消防安全·伤害数": 2, "自评等级 1.1": "B", "自评等级 2.3 有无": "a"},
    )
    plan = ImportPlan("monthly", ("月报.xlsx",), (change,), (), "")
    fields = {lang: intake.change_table(plan, lang).iloc[:, 3].tolist() for lang in ("zh", "en")}
    assert fields["zh"] == ["消防安全·伤害数", "自评等级 1.1", "自评等级 2.3 有无"]
    assert fields["en"] == ["Fire · Injuries", "Grade 1.1", "Grade 2.3 Existence"]
