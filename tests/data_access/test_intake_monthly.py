"""Monthly workbooks in: template → fill → plan → apply, seen by the pages' data functions;
corrections as revisions; the same file twice; the bad-cell corpus, each refused with its
problem and the database untouched; the form.  Figures from tests/fixture_monthly.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from data_access.grades import unit_item_grades
from data_access.intake_monthly import FORM_FILE, apply_monthly, plan_monthly, plan_monthly_form
from data_access.progress import reporting_status
from data_access.regions import find_region
from data_access.reports import unit_domain_outcomes, unit_months
from data_access.scores import current_indicator_scores
from data_access.submissions import MonthlyReport
from data_access.units import unit_history
from oversight.access import Scope
from oversight.intake.problems import IntakeRefused, problem_line
from tests.data_access.conftest import programme_id
from tests.fixture_monthly import (
    FILE,
    MARCH,
    NOW,
    U12_FIRE_ROW,
    U12_ROW,
    U12_VALUES,
    column,
    march_book,
    put,
    snapshot,
    upload,
)


def plan_of(engine, book, now=NOW):
    return plan_monthly(engine, [upload(book)], Scope.command_line("张三"), now)


def test_round_trip_reaches_the_pages(programme_engine):
    plan = plan_of(programme_engine, march_book(programme_engine))
    assert plan.problems == ()
    assert [(c.kind, c.key, c.label) for c in plan.changes] == [("new", "U12 2020-03", "街道U12")]
    after = plan.changes[0].after
    assert after["居民参与率（%）"] == 70.0 and after["资金支出（元）"] == "1500.50"
    assert after["消防安全·事故数"] == 2 and after["自评等级 1.1"] == "B"

    result = apply_monthly(programme_engine, plan, Scope.command_line("张三"), "")
    assert (result.written, result.unchanged) == (1, 0)
    assert result.summary_zh == "新增月报 1 份，更正 0 份，未变 0 份。"

    reports = unit_history(programme_engine, "U12").reports
    march = reports[reports["month"] == MARCH].iloc[0]
    assert (march["revision"], march["submitted_by"], march["stage_code"]) == (1, "张三", "implementing")
    assert march["submitted_at"] == NOW
    assert (march["inspections"], march["hazards_found"], march["hazards_rectified"]) == (3, 4, 3)
    assert Decimal(str(march["funds_spent"])) == Decimal("1500.50")
    assert march["progress_text"] == "开展消防演练"
    months = unit_months(programme_engine, "U12", MARCH)
    assert months[["participation_rate", "satisfaction_rate"]].values.tolist() == [[70.0, 90.0]]
    domains = unit_domain_outcomes(programme_engine, "U12", MARCH)
    fire = domains[domains["domain_code"] == "fire"].iloc[0]
    assert (fire["accidents"], fire["injuries"], fire["projects"]) == (2, 3, 1)
    grades = unit_item_grades(programme_engine, "U12", MARCH)
    assert grades.loc[grades["item_code"] == "1.1", "grade"].tolist() == ["B"]
    city = find_region(programme_engine, "C")
    scores = current_indicator_scores(programme_engine, city, MARCH)
    u12 = scores[scores["unit_code"] == "U12"].iloc[0]
    assert round(float(u12["score"]), 2) == 98.89
    assert round(float(u12["s1"]), 2) == 91.67
    # the overview's reporting: in by 2020-04-05, before the deadline of 10 April; U13 sent nothing
    status = reporting_status(
        programme_engine, programme_id(programme_engine, "PR"), 10, [(MARCH, dt.datetime(2020, 4, 30))], city
    ).set_index("unit_code")["status"]
    assert (status["U12"], status["U13"]) == ("on_time", "missing")


def test_same_file_again_changes_nothing(programme_engine):
    book = march_book(programme_engine)
    apply_monthly(programme_engine, plan_of(programme_engine, book), Scope.command_line("张三"), "")
    before = snapshot(programme_engine)
    again = plan_of(programme_engine, book, NOW + dt.timedelta(days=1))
    # U11's February-less March row is blank: only U12 reports; it is unchanged
    assert [(c.kind, c.key) for c in again.changes] == [("unchanged", "U12 2020-03")]
    result = apply_monthly(programme_engine, again, Scope.command_line("李四"), "")
    assert (result.written, result.unchanged) == (0, 1)
    assert snapshot(programme_engine) == before


def test_a_changed_value_is_a_revision_with_who_when_why(programme_engine):
    book = march_book(programme_engine)
    apply_monthly(programme_engine, plan_of(programme_engine, book), Scope.command_line("张三"), "")
    put(book["月报"], U12_ROW, {"居民参与率（%）": 75})
    put(book["自评等级"], U12_ROW, {"1.1": "A"})
    later = dt.datetime(2020, 4, 20, 15)
    plan = plan_of(programme_engine, book, later)
    [change] = plan.changes
    assert change.kind == "correction"
    assert change.before == {"居民参与率（%）": 70.0, "自评等级 1.1": "B"}
    assert change.after == {"居民参与率（%）": 75.0, "自评等级 1.1": "A"}

    unchanged = snapshot(programme_engine)
    with pytest.raises(ValueError, match="须填写更正原因"):
        apply_monthly(programme_engine, plan, Scope.command_line("李四"), "  ")
    assert snapshot(programme_engine) == unchanged

    apply_monthly(programme_engine, plan, Scope.command_line("李四"), "参与率复核")
    reports = unit_history(programme_engine, "U12").reports
    march = reports[reports["month"] == MARCH].sort_values("revision")
    assert march[["revision", "is_current", "participation_rate", "submitted_by"]].values.tolist() == [
        [1, False, 70.0, "张三"],
        [2, True, 75.0, "李四"],
    ]
    assert march["correction_reason"].tolist()[1] == "参与率复核"
    assert march["submitted_at"].tolist()[1] == later
    # the domains were not changed and are kept in the new revision
    fire = unit_domain_outcomes(programme_engine, "U12", MARCH)
    assert fire.loc[fire["domain_code"] == "fire", "accidents"].tolist() == [2]


def test_a_correction_left_blank_on_the_domain_and_grade_sheets_keeps_them(programme_engine):
    apply_monthly(
        programme_engine,
        plan_of(programme_engine, march_book(programme_engine)),
        Scope.command_line("张三"),
        "",
    )
    book = march_book(programme_engine)
    put(book["月报"], U12_ROW, {"志愿者（人）": 15})
    put(
        book["安全领域"], U12_FIRE_ROW, {"促进项目数": None, "事故数": None, "伤害数": None, "死亡人数": None}
    )
    for header in [cell.value for cell in book["自评等级"][1]][3:]:
        put(book["自评等级"], U12_ROW, {header: None})
    [change] = plan_of(programme_engine, book).changes
    assert (change.kind, change.before, change.after) == (
        "correction",
        {"志愿者（人）": 12},
        {"志愿者（人）": 15},
    )


def test_the_template_offers_what_was_sent_so_re_uploading_it_is_unchanged(programme_engine):
    """U11's February report (fixture: inspections 1, participation 60, all A) comes back
    in February's template; uploaded untouched, nothing changes."""
    from tests.fixture_monthly import template

    book = template(programme_engine, month=dt.date(2020, 2, 1))
    sheet = book["月报"]
    assert sheet.cell(2, column(sheet, "综合检查（次）")).value == 1
    assert sheet.cell(2, column(sheet, "居民参与率（%）")).value == 60
    assert book["自评等级"].cell(2, 4).value == "A"
    plan = plan_of(programme_engine, book)
    assert [(c.kind, c.key) for c in plan.changes] == [("unchanged", "U11 2020-02")]


# --- the bad-cell corpus ----------------------------------------------------------------------


def _set(sheet, row, header, value):
    def change(book):
        put(book[sheet], row, {header: value})

    return change


def _everywhere(header, value):
    """The unit or month changed on U12's rows of all three sheets, as a clerk would."""

    def change(book):
        for sheet, row in (("月报", U12_ROW), ("安全领域", U12_FIRE_ROW), ("自评等级", U12_ROW)):
            put(book[sheet], row, {header: value})

    return change


def _delete_column(header):
    def change(book):
        sheet = book["月报"]
        sheet.delete_cols(column(sheet, header))

    return change


def _rename(header, new):
    def change(book):
        sheet = book["月报"]
        sheet.cell(1, column(sheet, header)).value = new

    return change


def _extra_column(book):
    book["月报"].cell(1, 21).value = "备注"
    book["月报"].cell(U12_ROW, 21).value = "无"


def _value_without_header(book):
    book["月报"].cell(U12_ROW, 22).value = "无"


def _blank_row(book):
    for cell in book["月报"][2]:
        cell.value = None


def _duplicate(book):
    sheet = book["月报"]
    for position in range(1, 21):
        sheet.cell(4, position).value = sheet.cell(U12_ROW, position).value


def _domain_without_report(book):
    put(book["安全领域"], 26, {"事故数": 1})  # U13's fire row: U13 reports nothing


def _incomplete_grades(book):
    sheet = book["自评等级"]
    for position in range(5, sheet.max_column + 1):
        sheet.cell(U12_ROW, position).value = None


CASES = {
    "missing column": (
        _delete_column("应急演练（次）"),
        [("月报", 1, "应急演练（次）", None, "missing_column")],
    ),
    "renamed column": (
        _rename("安全培训（次）", "培训次数"),
        [("月报", 1, "G", "培训次数", "extra_column"), ("月报", 1, "安全培训（次）", None, "missing_column")],
    ),
    "extra column": (
        _extra_column,
        [("月报", 1, "U", "备注", "extra_column")],
    ),
    "a value outside the columns": (
        _value_without_header,
        [("月报", U12_ROW, "V", "无", "value_outside_columns")],
    ),
    "blank row": (_blank_row, [("月报", 2, None, None, "blank_row")]),
    "unknown unit": (_everywhere("单位编码", "U99"), [("月报", U12_ROW, "单位编码", "U99", "unknown_unit")]),
    "month before the programme": (
        _everywhere("月份", "2019-12"),
        [("月报", U12_ROW, "月份", "2019-12", "outside_programme")],
    ),
    "month in the future": (
        _everywhere("月份", "2020-05"),
        [("月报", U12_ROW, "月份", "2020-05", "future_month")],
    ),
    "not a month": (
        _everywhere("月份", "三月"),
        [
            ("月报", U12_ROW, "月份", "三月", "bad_month"),
            ("安全领域", U12_FIRE_ROW, "月份", "三月", "bad_month"),
            ("自评等级", U12_ROW, "月份", "三月", "bad_month"),
        ],
    ),
    "text in a number cell": (
        _set("月报", U12_ROW, "安全教育（次）", "两次"),
        [("月报", U12_ROW, "安全教育（次）", "两次", "not_number")],
    ),
    "a fraction of a count": (
        _set("月报", U12_ROW, "志愿者（人）", 1.5),
        [("月报", U12_ROW, "志愿者（人）", "1.5", "not_whole")],
    ),
    "a negative count": (
        _set("月报", U12_ROW, "综合检查（次）", -1),
        [("月报", U12_ROW, "综合检查（次）", "-1", "negative")],
    ),
    "percentage above 100": (
        _set("月报", U12_ROW, "居民参与率（%）", 120),
        [("月报", U12_ROW, "居民参与率（%）", "120", "rate_range")],
    ),
    "percentage below 0": (
        _set("月报", U12_ROW, "居民满意度（%）", -5),
        [("月报", U12_ROW, "居民满意度（%）", "-5", "rate_range")],
    ),
    "money below a fen": (
        _set("月报", U12_ROW, "资金支出（元）", 10.005),
        [("月报", U12_ROW, "资金支出（元）", "10.005", "money_cents")],
    ),
    "a required count left blank": (
        _set("月报", U12_ROW, "应急演练（次）", None),
        [("月报", U12_ROW, "应急演练（次）", None, "required")],
    ),
    "unknown stage": (
        _set("月报", U12_ROW, "创建阶段", "已完成"),
        [("月报", U12_ROW, "创建阶段", "已完成", "unknown_stage")],
    ),
    "formula": (
        _set("月报", U12_ROW, "安全培训（次）", "=1+1"),
        [("月报", U12_ROW, "安全培训（次）", "=1+1", "formula")],
    ),
    "hazards rectified above found": (
        _set("月报", U12_ROW, "整改隐患（项）", 5),
        [("月报", U12_ROW, "整改隐患（项）", "5", "rectified_above_found")],
    ),
    "the same unit and month twice": (
        _duplicate,
        [("月报", 4, "单位编码", "U12", "duplicate_report")],
    ),
    "grade outside the scheme": (
        _set("自评等级", U12_ROW, "1.2", "D"),
        [("自评等级", U12_ROW, "1.2", "D", "grade_outside_scheme")],
    ),
    "grades incomplete": (_incomplete_grades, [("自评等级", U12_ROW, "1.2", None, "grades_incomplete")]),
    "unknown domain": (
        _set("安全领域", U12_FIRE_ROW, "安全领域", "火灾"),
        [("安全领域", U12_FIRE_ROW, "安全领域", "火灾", "unknown_domain")],
    ),
    "domain counts of a unit that does not report": (
        _domain_without_report,
        [("安全领域", 26, "单位编码", "U13", "without_report")],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_cell_is_refused_with_its_problem_and_nothing_written(programme_engine, case):
    change, expected = CASES[case]
    book = march_book(programme_engine)
    change(book)
    before = snapshot(programme_engine)
    plan = plan_of(programme_engine, book)
    found = [(p.sheet, p.row, p.column, p.value, p.key.removeprefix("monthly_")) for p in plan.problems]
    assert found == expected
    assert all(p.file == FILE for p in plan.problems)
    assert plan.changes == () and not plan.writable
    for problem in plan.problems:
        assert "{" not in problem_line(problem) and "{" not in problem_line(problem, "en")
    with pytest.raises(IntakeRefused):
        apply_monthly(programme_engine, plan, Scope.command_line("张三"), "原因")
    assert snapshot(programme_engine) == before


def test_every_problem_is_listed_at_once(programme_engine):
    book = march_book(programme_engine)
    put(book["月报"], U12_ROW, {"居民参与率（%）": 120, "安全教育（次）": "两次"})
    put(book["自评等级"], U12_ROW, {"1.2": "D"})
    put(book["安全领域"], U12_FIRE_ROW, {"事故数": -1})
    keys = [(p.sheet, p.column, p.key) for p in plan_of(programme_engine, book).problems]
    assert keys == [
        ("月报", "安全教育（次）", "monthly_not_number"),
        ("月报", "居民参与率（%）", "monthly_rate_range"),
        ("安全领域", "事故数", "monthly_negative"),
        ("自评等级", "1.2", "monthly_grade_outside_scheme"),
    ]


def test_a_unit_outside_the_templates_region(programme_engine):
    """甲区 (D1)'s template holds U11..U15; a row naming 乙区's U21 is refused."""
    book = march_book(programme_engine, region="D1")
    put(book["月报"], U12_ROW, {"单位编码": "U21"})
    put(book["安全领域"], U12_FIRE_ROW, {"单位编码": "U21"})
    put(book["自评等级"], U12_ROW, {"单位编码": "U21"})
    [problem] = plan_of(programme_engine, book).problems
    assert (problem.sheet, problem.row, problem.key, problem.values) == (
        "月报",
        U12_ROW,
        "monthly_outside_region",
        {"region": "甲区"},
    )
    assert "不属于本模板的填报地区 甲区" in problem_line(problem)


def test_two_files_with_the_same_unit_and_month(programme_engine):
    first, second = (
        upload(march_book(programme_engine), "一.xlsx"),
        upload(march_book(programme_engine), "二.xlsx"),
    )
    [problem] = plan_monthly(programme_engine, [first, second], Scope.command_line("张三"), NOW).problems
    assert (problem.file, problem.row, problem.key) == ("二.xlsx", U12_ROW, "monthly_duplicate_report")
    assert problem.values["first"] == "一.xlsx 第 3 行"


# --- the form ----------------------------------------------------------------------------------


def _form_report(**changes) -> MonthlyReport:
    report = MonthlyReport(
        "U13",
        MARCH,
        NOW,
        "张三",
        "launched",
        inspections=2,
        hazards_found=1,
        hazards_rectified=1,
        participation_rate=55.0,
        funds_spent=Decimal("800"),
        domains={"traffic": (0, 1, 1)},
    )
    return dataclasses.replace(report, **changes)


def test_the_form_previews_and_writes_like_an_upload(programme_engine):
    plan = plan_monthly_form(programme_engine, _form_report(), Scope.command_line("张三"), NOW)
    [change] = plan.changes
    assert (change.kind, change.key) == ("new", "U13 2020-03")
    assert change.after["交通安全·伤害数"] == 1 and change.after["资金支出（元）"] == "800.00"
    apply_monthly(programme_engine, plan, Scope.command_line("张三"), "")
    again = plan_monthly_form(programme_engine, _form_report(), Scope.command_line("张三"), NOW)
    assert [c.kind for c in again.changes] == ["unchanged"]
    corrected = plan_monthly_form(
        programme_engine, _form_report(inspections=3), Scope.command_line("张三"), NOW
    )
    assert [(c.kind, c.before, c.after) for c in corrected.changes] == [
        ("correction", {"综合检查（次）": 2}, {"综合检查（次）": 3})
    ]


def test_the_form_gets_the_same_checks(programme_engine):
    report = _form_report(
        participation_rate=120.0, hazards_rectified=2, stage_code="done", grades={("1.1", "overall"): "A"}
    )
    before = snapshot(programme_engine)
    plan = plan_monthly_form(programme_engine, report, Scope.command_line("张三"), NOW)
    found = [(p.file, p.sheet, p.column, p.key) for p in plan.problems]
    assert found == [
        (FORM_FILE, None, "居民参与率（%）", "monthly_rate_range"),
        (FORM_FILE, None, "创建阶段", "monthly_unknown_stage"),
        (FORM_FILE, None, "整改隐患（项）", "monthly_rectified_above_found"),
        (FORM_FILE, None, "1.2", "monthly_grades_incomplete"),
    ]
    assert plan.problems[-1].values == {"missing": 44, "first": "1.2、1.3、1.4、1.5、1.6…"}
    assert snapshot(programme_engine) == before


@pytest.mark.parametrize(
    ("code", "key"), [("ZZ", "monthly_unknown_region"), (None, "monthly_no_template_region")]
)
def test_the_templates_region_must_be_known(programme_engine, code, key):
    """The region the template was made for is read back from 填写说明 (A1 label, B1 code)."""
    book = march_book(programme_engine)
    book["填写说明"]["B1"] = code
    put(book["月报"], U12_ROW + 1, {**U12_VALUES, "创建阶段": "备案启动"})  # U13 reports too: said once
    [problem] = plan_of(programme_engine, book).problems
    assert (problem.sheet, problem.column, problem.value, problem.key) == (
        "填写说明",
        "填报地区编码",
        code,
        key,
    )
