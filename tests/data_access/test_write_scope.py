"""Every write takes the writer's scope: refused whole outside it, and leaves one audit row
per record written, in its own transaction.

tests/fixture_programme.py's city C: 甲区 (D1) with U11..U15, 乙区 (D2) with U21, U22.
Users (tests/signed_in.py): 填报员13, clerk of U13; 甲区办 and 乙区办, the districts'
offices; 市局 staff of C.  What each may do is oversight.access.ROLES: a clerk submits
and corrects for its unit; a county office its units' reports, moves and county
reviews; staff moves, city reviews, namings, set-up and circulars, but no reports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, text

from data_access import audit
from data_access.circulars import issue, store_office
from data_access.intake import apply_import, plan_import
from data_access.intake_monthly import apply_monthly, plan_monthly, plan_monthly_form
from data_access.intake_stages import plan_stages
from data_access.ranking_methods import store_method
from data_access.regions import find_region
from data_access.stage_records import (
    record_naming,
    record_renewal,
    record_review,
    record_revocation,
    record_stage_move,
)
from data_access.submissions import SubmissionError, correct_report, submit_report
from oversight.access import OutOfScope, Scope
from oversight.audit import WRITES
from oversight.intake.problems import problem_line, problem_text
from oversight.intake.stages import HEADERS, SHEET
from oversight.intake.workbook import read_workbook
from oversight.ranking.method import DEFAULT_METHOD
from tests.data_access.conftest import programme_id
from tests.data_access.test_circulars import frozen
from tests.fixture_monthly import NOW as APRIL_5
from tests.fixture_monthly import U12_ROW, U12_VALUES, march_book, put, snapshot, upload
from tests.fixture_programme import u11_report
from tests.signed_in import sign_up

D = dt.date
NOW = dt.datetime(2021, 1, 5, 10)
CLI = Scope.command_line("命令行")


@pytest.fixture
def people(programme_engine) -> dict[str, Scope]:
    engine = programme_engine
    return {
        "clerk": sign_up(engine, "填报员13", [("clerk", "U13")]),
        "d1": sign_up(engine, "甲区办", [("county", "D1")]),
        "d2": sign_up(engine, "乙区办", [("county", "D2")]),
        "staff": sign_up(engine, "市局", [("staff", "C")]),
    }


@pytest.fixture
def trail(programme_engine):
    """The audit rows of writes made since the test began (the fixture's own reports,
    written as the command line, leave theirs too), oldest first, JSON read back."""
    begun = audit.events(programme_engine, kinds=WRITES)["id"].max()
    return lambda: _events(programme_engine, 0 if begun != begun else int(begun))


def _events(engine: Engine, after: int) -> list[dict]:
    frame = audit.events(engine, kinds=WRITES)
    rows = frame[frame["id"] > after].sort_values("id").to_dict("records")
    for row in rows:
        for side in ("before", "after"):
            row[side] = json.loads(row[side]) if isinstance(row[side], str) else None
    return rows


def _head(event: dict) -> tuple:
    return (event["kind"], event["username"], event["subject"], event["region_code"])


def _u13_march(**fields):
    report = dataclasses.replace(u11_report(D(2020, 3, 1), dt.datetime(2020, 4, 2, 9)), unit_code="U13")
    return dataclasses.replace(report, stage_code="implementing", **fields)


# --- monthly reports -----------------------------------------------------------------------


def test_a_report_is_written_in_the_clerks_name_with_its_audit_row(programme_engine, people, trail):
    """The report names 测试员 as its submitter; the scope's user is what is stored."""
    submit_report(programme_engine, _u13_march(inspections=4), people["clerk"])
    with programme_engine.connect() as connection:
        stored = connection.execute(
            text("SELECT r.submitted_by FROM report r JOIN region u ON u.id = r.unit_id WHERE u.code = 'U13'")
        ).all()
    assert stored == [("填报员13",)]
    [event] = trail()
    assert _head(event) == ("report_submitted", "填报员13", "U13 2020-03", "U13")
    assert event["before"] is None
    after = event["after"]
    assert (after["stage_code"], after["inspections"], after["participation_rate"]) == (
        "implementing",
        4,
        60.0,
    )
    assert (after["satisfaction_rate"], after["funds_spent"], after["education_events"]) == (85.0, "0.00", 0)


def test_a_correction_keeps_what_it_replaces_as_before(programme_engine, people, trail):
    """U11's February (fixture): launched, 1 inspection, participation 60.  甲区办 corrects
    it to 3 inspections."""
    corrected = dataclasses.replace(u11_report(D(2020, 2, 1), dt.datetime(2020, 4, 1, 9)), inspections=3)
    correct_report(programme_engine, corrected, "检查次数漏报", people["d1"])
    [event] = trail()
    assert _head(event) == ("report_corrected", "甲区办", "U11 2020-02", "U11")
    assert (event["before"]["inspections"], event["after"]["inspections"]) == (1, 3)
    assert event["before"]["stage_code"] == event["after"]["stage_code"] == "launched"
    assert event["after"]["correction_reason"] == "检查次数漏报"


@pytest.mark.parametrize(
    ("who", "unit"),
    [("clerk", "U12"), ("clerk", "U21"), ("d2", "U13"), ("staff", "U13"), ("clerk", "NOPE")],
)
def test_a_report_outside_the_scope_is_refused_and_writes_nothing(programme_engine, people, who, unit, trail):
    """Another unit, another county, a role without ``submit``, a code that does not exist:
    the same refusal, naming nothing, before any other check."""
    before = snapshot(programme_engine)
    with pytest.raises(OutOfScope) as refused:
        submit_report(programme_engine, dataclasses.replace(_u13_march(), unit_code=unit), people[who])
    assert unit not in str(refused.value)
    assert snapshot(programme_engine) == before
    assert trail() == []


def test_a_correction_outside_the_scope_is_refused_before_it_says_whether_a_report_exists(
    programme_engine, people, trail
):
    """乙区办 correcting U11's February (which exists) and its June (which does not) hears
    the same refusal: not "nothing to correct"."""
    for month in (D(2020, 2, 1), D(2020, 6, 1)):
        with pytest.raises(OutOfScope):
            correct_report(programme_engine, u11_report(month, dt.datetime(2020, 7, 1)), "x", people["d2"])
    assert trail() == []


def test_a_refused_write_leaves_no_audit_row(programme_engine, people, trail):
    """U11's February is there already: a second submission is refused by the write path,
    and its transaction takes nothing with it."""
    with pytest.raises(SubmissionError):
        submit_report(programme_engine, u11_report(D(2020, 2, 1), dt.datetime(2020, 3, 20)), people["d1"])
    assert trail() == []


def test_the_form_outside_the_scope_is_refused_naming_nothing(programme_engine, people):
    with pytest.raises(OutOfScope):
        plan_monthly_form(programme_engine, _u13_march(unit_code="U21"), people["clerk"], APRIL_5)
    plan = plan_monthly_form(programme_engine, _u13_march(), people["clerk"], APRIL_5)
    assert [(c.kind, c.key) for c in plan.changes] == [("new", "U13 2020-03")]


# --- monthly uploads -----------------------------------------------------------------------


def test_an_upload_with_rows_outside_the_scope_is_refused_whole_naming_the_files_codes(
    programme_engine, people
):
    """甲区 (D1)'s template for March, U12 (row 3) filled in, and 乙区's U21 and U22
    written over U13's and U14's codes (rows 4 and 5): 甲区办 may report U12 but not
    them.  The refusal names the codes and rows, never a unit's or county's name."""
    book = march_book(programme_engine, "D1")
    put(book["月报"], 4, U12_VALUES | {"单位编码": "U21"})
    put(book["月报"], 5, U12_VALUES | {"单位编码": "U22"})
    before = snapshot(programme_engine)
    plan = plan_monthly(programme_engine, [upload(book)], people["d1"], APRIL_5)
    assert not plan.writable and plan.changes == ()
    [problem] = plan.problems
    assert (problem.file, problem.sheet, problem.column) == ("月报.xlsx", "月报", "单位编码")
    assert problem_text(problem, "zh") == "第4行、第5行的单位 U21、U22 不在您的填报范围内，整份文件未导入。"
    assert problem_text(problem, "en") == (
        "The units U21, U22 on row 4, row 5 are outside what you may report for; the whole file was not imported."
    )
    assert "街道U21" not in problem_line(problem) and "乙区" not in problem_line(problem)
    assert snapshot(programme_engine) == before
    # Without those two rows the same file is taken.
    book = march_book(programme_engine, "D1")
    plan = plan_monthly(programme_engine, [upload(book)], people["d1"], APRIL_5)
    assert [(c.kind, c.key) for c in plan.changes if c.kind == "new"] == [("new", "U12 2020-03")]


def test_a_template_made_for_another_county_is_refused_by_its_code(programme_engine, people):
    """乙区办 uploads 甲区's template with only U21 written in: the template's region (D1)
    is named by its code, as the instructions sheet wrote it, not by its name."""
    book = march_book(programme_engine, "D1")
    put(book["月报"], U12_ROW, {"单位编码": "U21"})
    plan = plan_monthly(programme_engine, [upload(book)], people["d2"], APRIL_5)
    assert [problem_text(p, "zh") for p in plan.problems] == [
        "模板的填报地区 D1 不在您的填报范围内，整份文件未导入；请下载本页提供的模板。"
    ]


def test_a_plan_is_not_written_by_a_user_with_fewer_rights(programme_engine, people, trail):
    """甲区办 previews U12's March; the clerk of U13 confirms it: refused, nothing written."""
    plan = plan_monthly(programme_engine, [upload(march_book(programme_engine, "D1"))], people["d1"], APRIL_5)
    before = snapshot(programme_engine)
    with pytest.raises(OutOfScope):
        apply_monthly(programme_engine, plan, people["clerk"], "")
    assert snapshot(programme_engine) == before
    assert trail() == []
    apply_monthly(programme_engine, plan, people["d1"], "")
    assert [_head(e) for e in trail()] == [("report_submitted", "甲区办", "U12 2020-03", "U12")]


def test_an_uploads_reports_each_leave_an_audit_row(programme_engine, people, trail):
    """The city's template through the one door (plan_import/apply_import) as the command
    line: U12's March is new; U11's March is added on row 2 as well."""
    book = march_book(programme_engine)
    put(book["月报"], 2, U12_VALUES)
    content = io.BytesIO()
    book.save(content)
    plan = plan_import(programme_engine, [("月报.xlsx", content.getvalue())], CLI, APRIL_5)
    assert plan.writable, [problem_line(p) for p in plan.problems]
    apply_import(programme_engine, plan, CLI, "")
    assert [_head(e) for e in trail()] == [
        ("report_submitted", "命令行", "U11 2020-03", "U11"),
        ("report_submitted", "命令行", "U12 2020-03", "U12"),
    ]


# --- stage moves, reviews, titles ------------------------------------------------------------


def _to_applied(engine: Engine) -> None:
    """U21 (launched 2020-04-15) up to 申报 (applied), as the command line."""
    for stage, day in (
        ("implementing", D(2020, 5, 1)),
        ("self_assessed", D(2020, 6, 1)),
        ("applied", D(2020, 7, 1)),
    ):
        record_stage_move(engine, "U21", "PR", stage, day, CLI, now=NOW)


def test_a_stage_move_records_where_the_unit_came_from(programme_engine, people, trail):
    record_stage_move(programme_engine, "U21", "PR", "implementing", D(2020, 5, 1), people["d2"], now=NOW)
    [event] = trail()
    assert _head(event) == ("stage_moved", "乙区办", "U21 2020-05-01", "U21")
    assert event["before"] == {"stage_code": "launched", "entered_on": "2020-04-15"}
    assert (event["after"]["stage_code"], event["after"]["entered_on"]) == ("implementing", "2020-05-01")
    with programme_engine.connect() as connection:
        by = connection.scalar(text("SELECT recorded_by FROM stage_event ORDER BY id DESC LIMIT 1"))
    assert by == "乙区办"


@pytest.mark.parametrize("who", ["d1", "clerk"])
def test_a_stage_move_outside_the_scope_is_refused(programme_engine, people, who, trail):
    """甲区办 may move its own units only; a clerk moves none."""
    with pytest.raises(OutOfScope):
        record_stage_move(programme_engine, "U21", "PR", "implementing", D(2020, 5, 1), people[who], now=NOW)
    assert trail() == []


def test_reviews_each_by_their_office(programme_engine, people, trail):
    _to_applied(programme_engine)
    with pytest.raises(OutOfScope):  # a county office does not record the city's review
        record_review(
            programme_engine, "U21", "PR", "city", "agree", "同意", D(2020, 8, 1), people["d2"], now=NOW
        )
    with pytest.raises(OutOfScope):  # nor staff the county's
        record_review(
            programme_engine, "U21", "PR", "county", "agree", "同意", D(2020, 8, 1), people["staff"], now=NOW
        )
    record_review(
        programme_engine, "U21", "PR", "county", "agree", "同意上报", D(2020, 8, 20), people["d2"], now=NOW
    )
    record_review(
        programme_engine, "U21", "PR", "city", "agree", "同意推荐", D(2020, 9, 10), people["staff"], now=NOW
    )
    events = [e for e in trail() if e["kind"] == "review_recorded"]
    assert [_head(e) for e in events] == [
        ("review_recorded", "乙区办", "U21 2020-08-20", "U21"),
        ("review_recorded", "市局", "U21 2020-09-10", "U21"),
    ]
    assert [(e["after"]["level"], e["after"]["stage_code"]) for e in events] == [
        ("county", "county_reviewed"),
        ("city", "city_reviewed"),
    ]


def test_namings_renewals_and_revocations_by_staff_name_their_certificates(programme_engine, people, trail):
    """U21 named N-U21 without a programme; U11's N-U11 (named 2020-09-01) renewed as
    N-U11-R and then revoked; a county office may do none of it."""
    with pytest.raises(OutOfScope):
        record_naming(
            programme_engine, "U21", "national", D(2020, 11, 1), "N-U21", None, people["d2"], now=NOW
        )
    with pytest.raises(OutOfScope):
        record_revocation(programme_engine, "N-U11", D(2020, 12, 1), "复评未通过", people["d1"], now=NOW)
    staff = people["staff"]
    record_naming(programme_engine, "U21", "national", D(2020, 11, 1), "N-U21", None, staff, now=NOW)
    record_renewal(programme_engine, "N-U11", D(2020, 12, 1), "N-U11-R", D(2025, 11, 30), staff, now=NOW)
    record_revocation(programme_engine, "N-U11-R", D(2020, 12, 20), "抽查不合格", staff, now=NOW)
    events = trail()
    assert [_head(e) for e in events] == [
        ("naming_recorded", "市局", "N-U21", "U21"),
        ("renewal_recorded", "市局", "N-U11-R", "U11"),
        ("revocation_recorded", "市局", "N-U11-R", "U11"),
    ]
    assert events[1]["after"]["certificate_no"] == "N-U11"
    assert events[2]["after"]["reason"] == "抽查不合格"


def test_a_certificate_of_another_county_is_refused_as_if_unknown(programme_engine, people):
    """甲区办 revoking U22's title (乙区) and a certificate that does not exist hear the
    same refusal: OutOfScope, not "no such certificate"."""
    for number in ("N-U22", "N-NOPE"):
        with pytest.raises(OutOfScope):
            record_revocation(programme_engine, number, D(2020, 12, 1), "x", people["d1"], now=NOW)


def test_a_stages_upload_with_rows_outside_the_scope_is_refused_whole(programme_engine, people):
    """The city's stages template with U11 (row 2) and U21 moved: 甲区办 may move U11 only;
    the file is refused naming U21 and its row as the file wrote them."""
    book = load_workbook(io.BytesIO(_stages_template(programme_engine)))
    sheet = book[SHEET]
    col = {name: HEADERS.index(name) + 1 for name in HEADERS}
    rows = {sheet.cell(r, col["单位编码"]).value: r for r in range(2, sheet.max_row + 1)}
    for unit in ("U11", "U21"):
        sheet.cell(rows[unit], col["记录类型"], "阶段变动")
        sheet.cell(rows[unit], col["阶段"], "推进实施")
        sheet.cell(rows[unit], col["日期"], dt.datetime(2020, 5, 1))
    output = io.BytesIO()
    book.save(output)
    plan = plan_stages(programme_engine, [read_workbook("阶段.xlsx", output.getvalue())], people["d1"], NOW)
    assert rows["U21"] == 7  # 甲区's five units come first (rows 2–6)
    assert [problem_text(p, "zh") for p in plan.problems] == [
        "第7行的单位或证书 U21 不在您的登记范围内，整份文件未导入。"
    ]
    assert plan.changes == ()


def _stages_template(engine: Engine) -> bytes:
    from data_access.templates_stages import stages_template

    return stages_template(engine, find_region(engine, "C"))


# --- circulars and methods -------------------------------------------------------------------


def test_issuing_a_circular_needs_issue_circular_on_its_region(programme_engine, people, trail):
    engine = programme_engine
    region = find_region(engine, "C")
    with pytest.raises(OutOfScope):
        store_office(engine, region, "测试市安全生产监督管理局", "测安通", scope=people["d1"])
    office = store_office(engine, region, "测试市安全生产监督管理局", "测安通", scope=people["staff"])
    pid = programme_id(engine, "PR")
    with pytest.raises(OutOfScope):
        issue(engine, region, pid, D(2020, 1, 1), office, D(2020, 2, 8), people["d1"], frozen("jan"))
    done = issue(engine, region, pid, D(2020, 1, 1), office, D(2020, 2, 8), people["staff"], frozen("jan"))
    assert done.issued_by == "市局"
    office_event, event = trail()
    assert _head(office_event) == ("setup_changed", "市局", "发文机关 测试市安全生产监督管理局", "C")
    assert _head(event) == ("circular_issued", "市局", "测安通〔2020〕1号", "C")
    assert event["before"] is None
    assert event["after"] == {
        "number": "测安通〔2020〕1号",
        "region": "C",
        "month": "2020-01",
        "programme": "PR",
        "version": 1,
        "issued_on": "2020-02-08",
    }


def test_storing_a_method_is_set_up_and_audited(programme_engine, people, trail):
    pid = programme_id(programme_engine, "PR")
    with pytest.raises(OutOfScope):
        store_method(programme_engine, pid, DEFAULT_METHOD, people["d1"], "")
    store_method(programme_engine, pid, DEFAULT_METHOD, people["staff"], "采用默认办法")
    [event] = trail()
    assert _head(event) == ("method_stored", "市局", "PR 第1版", "C")
    assert event["before"]["version"] == 0 and event["after"]["version"] == 1
    assert event["after"]["note"] == "采用默认办法"


# --- set-up ----------------------------------------------------------------------------------


def test_setup_rows_are_refused_outside_the_scope_and_audited_inside(programme_engine, people, trail):
    """A new street U16 under 甲区 (D1), on row 3 of 地区与单位 (row 2 is the template's
    example): a county office may not set up (refused, naming the row's code as
    written); staff of the city may, each row leaving a setup_changed row; a plan made by
    staff is not written by the county office."""
    from tests.data_access.test_intake_setup import filled

    rows = {"地区与单位": [("U16", "街道U16", None, "街道乡镇", "街道", "D1")]}
    files = [("设置.xlsx", filled(programme_engine, rows))]
    refused = plan_import(programme_engine, files, people["d1"], NOW)
    assert [problem_text(p, "zh") for p in refused.problems] == [
        "第3行的地区 U16 不在您的设置范围内，整份文件未导入。"
    ]
    plan = plan_import(programme_engine, files, people["staff"], NOW)
    assert [(c.kind, c.key) for c in plan.changes] == [("new", "U16")]
    with pytest.raises(OutOfScope):
        apply_import(programme_engine, plan, people["d1"], "")
    assert find_region(programme_engine, "U16") is None
    apply_import(programme_engine, plan, people["staff"], "")
    [event] = trail()
    assert _head(event) == ("setup_changed", "市局", "地区与单位 U16", "U16")
    assert (event["after"]["name_zh"], event["after"]["parent_code"], event["before"]) == (
        "街道U16",
        "D1",
        None,
    )
