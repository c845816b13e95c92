"""The monthly template made from the database: one row per unit owing the month, the
stage offered from the path, last month beside it, validation lists and ranges, the
instructions last; a scheme graded in parts gets a column per part.  Fixture:
tests/fixture_programme.py (and conftest's engine_with_more for the 150-point form)."""

from __future__ import annotations

import datetime as dt

from data_access.intake_monthly import plan_monthly
from oversight import catalogue
from oversight.access import Scope
from tests.fixture_monthly import column, template, upload


def _validation(sheet, header):
    """The validation rule over the column headed ``header``."""
    position = column(sheet, header)
    return next(
        dv
        for dv in sheet.data_validations.dataValidation
        if any(r.min_col <= position <= r.max_col for r in dv.sqref.ranges)
    )


def test_one_row_per_unit_with_codes_names_counties_and_the_stage_offered(programme_engine):
    book = template(programme_engine)
    assert book.sheetnames == ["月报", "安全领域", "自评等级", "上月数据", "填写说明"]
    sheet = book["月报"]
    rows = [[cell.value for cell in row][:5] for row in sheet.iter_rows(min_row=2)]
    # U11 moved to 推进实施 on 2020-03-01, after its February report (备案启动): the move wins;
    # U12 launched 2020-02-10 and sent no February report; U21 launches only in April
    assert rows == [
        ["U11", "街道U11", "甲区", "2020-03", "推进实施"],
        ["U12", "街道U12", "甲区", "2020-03", "备案启动"],
        ["U13", "街道U13", "甲区", "2020-03", "未启动"],
        ["U14", "街道U14", "甲区", "2020-03", "未启动"],
        ["U15", "街道U15", "甲区", "2020-03", "未启动"],
        ["U21", "街道U21", "乙区", "2020-03", "未启动"],
        ["U22", "街道U22", "乙区", "2020-03", "未启动"],
    ]
    # nothing sent for March yet: the report's fields are left for the clerk
    assert all(cell.value is None for row in sheet.iter_rows(min_row=2, min_col=6) for cell in row)


def test_last_months_reports_beside_it(programme_engine):
    """U11's February report (fixture): inspections 1, participation 60%, satisfaction 85%."""
    sheet = template(programme_engine)["上月数据"]
    u11 = {sheet.cell(1, c).value: sheet.cell(2, c).value for c in range(1, sheet.max_column + 1)}
    assert (u11["月份"], u11["创建阶段"], u11["综合检查（次）"]) == ("2020-02", "备案启动", 1)
    assert (u11["居民参与率（%）"], u11["居民满意度（%）"], u11["安全教育（次）"]) == (60, 85, 0)
    assert sheet.cell(3, column(sheet, "综合检查（次）")).value is None  # U12 sent no February report


def test_validation_lists_and_input_ranges(programme_engine):
    book = template(programme_engine)
    sheet = book["月报"]
    stage = _validation(sheet, "创建阶段")
    assert stage.type == "list"
    assert stage.formula1 == '"未启动,备案启动,推进实施,自评,申报,县级初审,市级审核,现场评定,命名,复评"'
    assert str(stage.sqref) == "E2:E8"
    count = _validation(sheet, "安全教育（次）")
    assert (count.type, count.formula1, count.formula2) == ("whole", "0", "1000000")
    rate = _validation(sheet, "居民满意度（%）")
    assert (rate.type, rate.formula1, rate.formula2) == ("decimal", "0", "100")
    assert str(rate.sqref) == "N2:O8"
    assert str(count.sqref) == "F2:M8"
    money = _validation(sheet, "资金支出（元）")
    assert (money.type, money.formula1) == ("decimal", "0")
    domains = book["安全领域"]
    assert domains.max_row == 1 + 7 * 12
    assert [domains.cell(r, 4).value for r in (2, 13, 14)] == ["消防安全", "防灾减灾和环境安全", "消防安全"]
    assert _validation(domains, "安全领域").formula1.startswith('"消防安全,工作场所安全,')
    grades = book["自评等级"]
    items = [item["code"] for item in catalogue.items()]
    assert [cell.value for cell in grades[1]] == ["单位编码", "单位名称", "月份", *items]
    assert _validation(grades, "1.1").formula1 == '"A,B,C"'
    assert str(_validation(grades, "1.1").sqref) == "D2:AV8"  # 45 items after three columns
    assert grades.cell(1, 4).comment.text == catalogue.items()[0]["text_zh"]


def test_the_instructions_sheet_names_the_region_and_every_column(programme_engine):
    sheet = template(programme_engine, region="D1")["填写说明"]
    lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert lines[:3] == [["填报地区编码", "D1"], ["填报地区", "甲区"], ["报送月份", "2020-03"]]
    described = {line[0] for line in lines if line}
    assert {"居民参与率（%）", "整改隐患（项）", "死亡人数", "创建阶段"} <= described
    assert template(programme_engine, region="D1")["月报"].max_row == 1 + 5


def test_a_scheme_graded_in_parts_has_a_column_per_part_and_round_trips(engine_with_more):
    """V1 (programme PR150, 150-point form) reported January 2021 with every part a but
    item 2.4 (existence a, evidence b, effect d): its template offers what it sent, and
    uploading it untouched changes nothing."""
    book = template(engine_with_more, region="C2", month=dt.date(2021, 1, 1))
    grades = book["自评等级"]
    headers = [cell.value for cell in grades[1]]
    assert headers[3:6] == ["1.1 有无", "1.1 佐证", "1.1 效果"]
    assert len(headers) == 3 + 45 * 3
    row = {headers[c]: grades.cell(2, c + 1).value for c in range(len(headers))}
    assert (row["2.4 有无"], row["2.4 佐证"], row["2.4 效果"], row["2.3 效果"]) == ("a", "b", "d", "a")
    assert _validation(grades, "2.4 效果").formula1 == '"a,b,c,d"'
    plan = plan_monthly(
        engine_with_more, [upload(book)], Scope.command_line("张三"), dt.datetime(2021, 2, 10)
    )
    assert [(c.kind, c.key) for c in plan.changes] == [("unchanged", "V1 2021-01")]


def test_upper_case_grades_on_the_150_point_form_are_refused(engine_with_more):
    book = template(engine_with_more, region="C2", month=dt.date(2021, 1, 1))
    grades = book["自评等级"]
    grades.cell(2, column(grades, "1.1 佐证")).value = "B"
    [problem] = plan_monthly(
        engine_with_more, [upload(book)], Scope.command_line("张三"), dt.datetime(2021, 2, 10)
    ).problems
    assert (problem.column, problem.key, problem.values) == (
        "1.1 佐证",
        "monthly_grade_outside_scheme",
        {"allowed": "a/b/c/d"},
    )


def test_an_empty_template_still_validates_its_first_row(programme_engine):
    """A month no unit owes (before the programme) has no rows, yet its header and lists."""
    sheet = template(programme_engine, month=dt.date(2019, 6, 1))["月报"]
    assert sheet.max_row == 1
    assert str(_validation(sheet, "创建阶段").sqref) == "E2"
