"""The stages workbook: its template, an upload planned and written, its refusals.

On the hand-written programme (tests/fixture_programme.py): 测试市 C has seven streets
enrolled in PR.  U21 (乙区) stands at 备案启动 since 2020-04-15; an upload walks it to a
national naming on 2020-11-01 (the path of test_stage_records.py), which the targets
then count: T2 in 乙区 1 of 1 (met), in the city 2 of 2 districts (met).
"""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from data_access.attainment import target_progress
from data_access.intake_stages import apply_stages, plan_stages
from data_access.regions import find_region
from data_access.stage_records import record_stage_move
from data_access.templates_stages import stages_template
from oversight.access import Scope
from oversight.attainment import assess_targets
from oversight.intake.kinds import INSTRUCTIONS_SHEET, kind_of
from oversight.intake.plan import StalePlan
from oversight.intake.problems import IntakeRefused, problem_line, problem_text
from oversight.intake.stages import HEADERS, SHEET, UNITS_SHEET
from oversight.intake.terms import Term
from oversight.intake.workbook import read_workbook

D = dt.date
NOW = dt.datetime(2021, 1, 5, 10)
FILE = "阶段.xlsx"
U21_PATH = [
    ("阶段变动", "推进实施", D(2020, 5, 1), {}),
    ("阶段变动", "自评", D(2020, 7, 1), {}),
    ("阶段变动", "申报", D(2020, 8, 1), {}),
    ("县级初审", None, D(2020, 8, 20), {"审核结论": "同意", "审核意见": "同意上报"}),
    ("市级审核", None, D(2020, 9, 10), {"审核结论": "同意", "审核意见": "同意推荐"}),
    ("阶段变动", "现场评定", D(2020, 10, 1), {}),
    (
        "命名",
        None,
        D(2020, 11, 1),
        {"命名级别": "全国安全社区", "证书编号": "N-U21", "有效期至": D(2025, 10, 31)},
    ),
]


def _template(engine) -> bytes:
    return stages_template(engine, find_region(engine, "C"))


def _filled(engine, records, unit="U21", header=None) -> bytes:
    """The template with ``records`` (record, stage, day, other columns) on the unit's row
    and rows copied below it; ``header`` replaces the header row."""
    book = load_workbook(io.BytesIO(_template(engine)))
    sheet = book[SHEET]
    column = {cell.value: cell.column for cell in sheet[1]}
    row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1 + HEADERS.index("单位编码")).value == unit
    )
    prefilled = [sheet.cell(row, column[name]).value for name in ("单位编码", "单位名称", "创建方案编码")]
    for index, (record, stage, day, others) in enumerate(records):
        target = row if index == 0 else sheet.max_row + 1
        values = dict(zip(("单位编码", "单位名称", "创建方案编码"), prefilled, strict=True))
        values |= {"记录类型": record, "阶段": stage, "日期": day} | others
        for name, value in values.items():
            sheet.cell(target, column[name], value)
    if header is not None:
        for index, value in enumerate(header, start=1):
            sheet.cell(1, index, value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _plan(engine, data: bytes):
    return plan_stages(engine, [read_workbook(FILE, data)], Scope.command_line("乙区推进办"), NOW)


def _state(engine):
    """Row counts and the write counter: what an upload that writes nothing leaves alone."""
    with engine.connect() as connection:
        counts = {
            table: connection.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("stage_event", "stage_review", "title", "title_revocation")
        }
        return counts | {"version": connection.scalar(text("SELECT version FROM data_version"))}


def _targets(engine):
    frame = assess_targets(target_progress(engine, D(2020, 12, 31)))
    return {(r.target_code, r.region_code): (r.achieved, r.met) for r in frame.itertuples()}


def test_the_template_lists_the_regions_units_and_where_they_stand(programme_engine):
    book = load_workbook(io.BytesIO(_template(programme_engine)))
    assert book.sheetnames == [SHEET, UNITS_SHEET, INSTRUCTIONS_SHEET]
    assert kind_of(book.sheetnames) == "stages"
    sheet = book[SHEET]
    assert tuple(cell.value for cell in sheet[1]) == HEADERS
    assert [(r[1].value, r[3].value) for r in sheet.iter_rows(min_row=2, max_row=8)] == [
        (code, "PR") for code in ("U11", "U12", "U13", "U14", "U15", "U21", "U22")
    ]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["A2:A208"] == '"阶段变动,县级初审,市级审核,命名,续期,撤销"'
    assert lists["G2:G208"] == '"同意,退回"'
    units = {row[0]: row[4:] for row in book[UNITS_SHEET].iter_rows(min_row=2, values_only=True)}
    assert units["U11"] == ("推进实施", dt.datetime(2020, 3, 1), "N-U11")
    assert units["U15"] == ("未启动", None, None)
    assert units["U21"] == ("备案启动", dt.datetime(2020, 4, 15), None)


def test_an_upload_previews_then_records_a_review_and_a_naming_the_targets_count(programme_engine):
    data = _filled(programme_engine, U21_PATH)
    before = _state(programme_engine)
    plan = _plan(programme_engine, data)
    assert plan.problems == ()
    assert [(c.kind, c.subject, c.key) for c in plan.changes] == [
        ("new", "stage_event", "U21 2020-05-01"),
        ("new", "stage_event", "U21 2020-07-01"),
        ("new", "stage_event", "U21 2020-08-01"),
        ("new", "review", "U21 2020-08-20"),
        ("new", "review", "U21 2020-09-10"),
        ("new", "stage_event", "U21 2020-10-01"),
        ("new", "title", "U21 2020-11-01"),
    ]
    assert plan.changes[3].after["stage"] == Term("stage", "county_reviewed")
    assert plan.changes[6].after["stage"] == Term("stage", "named")
    assert _state(programme_engine) == before
    assert _targets(programme_engine)[("T2", "D2")] == (0, False)
    result = apply_stages(programme_engine, plan, Scope.command_line("乙区推进办"), "")
    assert (result.written, result.unchanged) == (7, 0)
    assert result.summary_zh.startswith("已登记 7 条记录（阶段变动 4 条、审核 2 条、命名续期撤销 1 条）")
    after = _state(programme_engine)
    # Four moves, two moves made by agreeing reviews, one by the naming.
    assert after["stage_event"] - before["stage_event"] == 7
    assert (after["stage_review"] - before["stage_review"], after["title"] - before["title"]) == (2, 1)
    targets = _targets(programme_engine)
    assert (targets[("T2", "D2")], targets[("T2", "C")]) == ((1, True), (2, True))


def test_the_same_file_again_changes_nothing(programme_engine):
    data = _filled(programme_engine, U21_PATH)
    apply_stages(programme_engine, _plan(programme_engine, data), Scope.command_line("乙区推进办"), "")
    state = _state(programme_engine)
    again = _plan(programme_engine, data)
    assert (again.problems, again.count("unchanged"), again.count("new")) == ((), 7, 0)
    result = apply_stages(programme_engine, again, Scope.command_line("乙区推进办"), "")
    assert (result.written, result.unchanged) == (0, 7)
    assert _state(programme_engine) == state


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (
            [("阶段变动", "申报", D(2020, 6, 1), {})],
            ("U21", "stages_refused", None, "从备案启动到申报跳过了推进实施、自评，须填写原因"),
        ),
        (
            [("阶段变动", "申报", "=TODAY()", {})],
            ("U21", "stages_formula", "日期", "这里要填数值或文字，不能用公式"),
        ),
        (
            [("晋级", "申报", D(2020, 6, 1), {})],
            ("U21", "stages_record_unknown", "记录类型", "记录类型只能是"),
        ),
        (
            [("阶段变动", None, D(2020, 6, 1), {})],
            ("U21", "stages_required", "阶段", "“阶段变动”须填写“阶段”"),
        ),
        ([("阶段变动", "推进实施", "五月一日", {})], ("U21", "stages_not_date", "日期", "不是日期")),
        (
            [("阶段变动", "飞升", D(2020, 6, 1), {})],
            ("U21", "stages_choice", "阶段", "“阶段”只能填：备案启动"),
        ),
        (
            [(None, "推进实施", D(2020, 6, 1), {})],
            ("U21", "stages_record_missing", "记录类型", "没有填“记录类型”"),
        ),
        (
            [("县级初审", None, D(2020, 6, 1), {"审核结论": "同意", "审核意见": "同意"})],
            ("U21", "stages_refused", None, "尚未申报（当前阶段：备案启动），不能县级初审"),
        ),
        (
            [("撤销", None, D(2020, 12, 1), {"证书编号": "N-U11"})],
            ("U21", "stages_required", "原因", "“撤销”须填写“原因”"),
        ),
    ],
    ids=[
        "skip without reason",
        "formula",
        "unknown record type",
        "missing stage",
        "text date",
        "unknown stage",
        "no record type",
        "review before application",
        "revocation without reason",
    ],
)
def test_a_bad_row_is_refused_with_its_place_and_nothing_is_written(programme_engine, records, expected):
    data = _filled(programme_engine, records)
    before = _state(programme_engine)
    plan = _plan(programme_engine, data)
    _, key, column, sentence = expected
    assert [(p.sheet, p.row, p.column, p.key) for p in plan.problems] == [(SHEET, 7, column, key)]
    assert sentence in problem_line(plan.problems[0])
    with pytest.raises(IntakeRefused):
        apply_stages(programme_engine, plan, Scope.command_line("乙区推进办"), "")
    assert _state(programme_engine) == before


def test_every_problem_of_a_file_is_listed_at_once(programme_engine):
    records = [("阶段变动", "飞升", D(2020, 6, 1), {}), ("命名", None, "昨天", {"命名级别": "全国安全社区"})]
    plan = _plan(programme_engine, _filled(programme_engine, records))
    assert sorted((p.row, p.column, p.key) for p in plan.problems) == [
        (7, "阶段", "stages_choice"),
        (209, "日期", "stages_not_date"),
        (209, "证书编号", "stages_required"),
    ]


def test_a_renamed_and_an_added_column_are_refused(programme_engine):
    header = ["记录类型", "单位代码", *HEADERS[2:], "备注"]
    plan = _plan(programme_engine, _filled(programme_engine, U21_PATH[:1], header=header))
    assert [(p.row, p.column, p.key) for p in plan.problems] == [
        (1, "单位编码", "stages_column_missing"),
        (1, "B", "stages_column_extra"),
        (1, "N", "stages_column_extra"),
    ]
    assert "“单位代码”不是模板的列" in problem_line(plan.problems[1])
    assert plan.changes == ()


def test_a_preview_gone_stale_is_refused_at_confirm(programme_engine):
    plan = _plan(programme_engine, _filled(programme_engine, U21_PATH[:2]))
    assert plan.writable
    record_stage_move(
        programme_engine,
        "U21",
        "PR",
        "implementing",
        D(2020, 5, 1),
        Scope.command_line("另一位科员"),
        now=NOW,
    )
    before = _state(programme_engine)
    with pytest.raises(StalePlan):
        apply_stages(programme_engine, plan, Scope.command_line("乙区推进办"), "")
    assert _state(programme_engine) == before


def test_the_template_sent_back_empty_records_nothing_and_says_so(programme_engine):
    plan = _plan(programme_engine, _template(programme_engine))
    assert [(p.file, p.key) for p in plan.problems] == [(FILE, "stages_nothing")]
    assert "没有要登记的记录" in problem_line(plan.problems[0])


def test_a_renewal_and_a_revocation_through_the_workbook(programme_engine):
    """On U11's row: N-U11 renewed by N-U11-R on 2020-12-01; N-U12 revoked the same day.
    甲区 then holds national titles in U11, U13 and U14 on 2020-12-31: 3 of the 4 that T1
    (80% of five streets) needs."""
    records = [
        (
            "续期",
            None,
            D(2020, 12, 1),
            {"原证书编号": "N-U11", "证书编号": "N-U11-R", "有效期至": D(2025, 11, 30)},
        ),
        ("撤销", None, D(2020, 12, 1), {"证书编号": "N-U12", "原因": "抽查不合格"}),
    ]
    plan = _plan(programme_engine, _filled(programme_engine, records, unit="U11"))
    assert plan.problems == ()
    assert [(c.subject, c.key, c.after["record"]) for c in plan.changes] == [
        ("title", "U11 2020-12-01", Term("record", "renewal")),
        ("title", "U12 2020-12-01", Term("record", "revocation")),
    ]
    assert plan.changes[0].after == {
        "record": Term("record", "renewal"),
        "renews": "N-U11",
        "certificate_no": "N-U11-R",
        "valid_until": D(2025, 11, 30),
    }  # N-U11 belongs to no programme: its renewal moves no stage
    assert _targets(programme_engine)[("T1", "D1")] == (4, True)
    apply_stages(programme_engine, plan, Scope.command_line("市安监局"), "")
    assert _targets(programme_engine)[("T1", "D1")] == (3, False)


def test_a_refused_row_reads_in_english_on_the_english_page(programme_engine):
    """The ledger's refusal inside the problem is worded in the page's language."""
    plan = _plan(programme_engine, _filled(programme_engine, [("阶段变动", "申报", D(2020, 6, 1), {})]))
    assert problem_text(plan.problems[0], "en") == (
        "The record cannot be entered: U21 2020-06-01: from “Registered, launched” to “Applied” "
        "skips Implementing, Self-assessed: give the reason"
    )
