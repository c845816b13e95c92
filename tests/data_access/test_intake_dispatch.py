"""``data_access.intake``: an upload read, judged as a whole and handed to its kind's
planner and writer.  The planners are stood in for by fakes that record their calls
(each kind's own tests check the real ones), so what is checked here is the dispatch:
which files reach which planner, and which never reach any."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest

from data_access.intake import apply_import, plan_import
from oversight.access import Scope
from oversight.intake.plan import Change, ImportPlan, ImportResult
from oversight.intake.problems import IntakeRefused, Problem, problem_line
from tests.oversight.bad_files import good_workbook, old_xls

ENGINE = object()
"""The planners are fakes: the engine is only handed through."""

NOW = dt.datetime(2016, 3, 5, 9, 30)


class Fake:
    """A kind's planner and writer that record what they were handed."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.planned: list[tuple] = []
        self.applied: list[tuple] = []

    def plan(self, engine, workbooks, scope, now):
        self.planned.append((engine, [book.name for book in workbooks], scope.user, now))
        change = Change("new", "report", "130102001 2016-02", "建北街道", None, {"参与率": 85})
        return ImportPlan(self.kind, tuple(book.name for book in workbooks), (change,), (), "f1", workbooks)

    def apply(self, engine, plan, scope, reason):
        self.applied.append((engine, plan.fingerprint, scope.user, reason))
        return ImportResult(1, 0, "新增 1 条", "1 new")


@pytest.fixture
def fakes(monkeypatch) -> dict[str, Fake]:
    made = {}
    for kind, module in (
        ("monthly", "intake_monthly"),
        ("stages", "intake_stages"),
        ("setup", "intake_setup"),
    ):
        fake = made[kind] = Fake(kind)
        stand_in = types.ModuleType(f"data_access.{module}")
        setattr(stand_in, f"plan_{kind}", fake.plan)
        setattr(stand_in, f"apply_{kind}", fake.apply)
        monkeypatch.setitem(sys.modules, f"data_access.{module}", stand_in)
    return made


def test_monthly_workbooks_go_to_the_monthly_planner_with_their_rows(fakes):
    files = [("长安区.xlsx", good_workbook()), ("桥西区.xlsx", good_workbook())]
    plan = plan_import(ENGINE, files, Scope.command_line("长安区应急局 张三"), NOW)
    assert fakes["monthly"].planned == [(ENGINE, ["长安区.xlsx", "桥西区.xlsx"], "长安区应急局 张三", NOW)]
    assert fakes["stages"].planned == []
    assert (plan.workbook_kind, plan.files, plan.count("new"), plan.writable) == (
        "monthly",
        ("长安区.xlsx", "桥西区.xlsx"),
        1,
        True,
    )
    assert plan.payload[0].sheets["月报"][1] == (2, ("130102001", "建北街道", 85))


def test_a_stages_workbook_goes_to_the_stages_planner_now_by_default(fakes):
    before = dt.datetime.now().replace(microsecond=0)
    plan = plan_import(ENGINE, [("阶段.xlsx", good_workbook("阶段与命名"))], Scope.command_line("市应急局"))
    after = dt.datetime.now()
    ((_, names, by, now),) = fakes["stages"].planned
    assert (names, by, plan.workbook_kind) == (["阶段.xlsx"], "市应急局", "stages")
    assert before <= now <= after and now.microsecond == 0
    assert fakes["monthly"].planned == []


def test_every_unreadable_file_is_listed_and_no_planner_runs(fakes):
    files = [
        ("一.xlsx", good_workbook()),
        ("二.xlsx", "单位编码,参与率\n130102001,85\n".encode()),
        ("三.xlsx", old_xls()),
    ]
    plan = plan_import(ENGINE, files, Scope.command_line("张三"), NOW)
    assert [(p.file, p.key) for p in plan.problems] == [("二.xlsx", "text_file"), ("三.xlsx", "old_xls")]
    assert (plan.workbook_kind, plan.files, plan.changes, plan.writable) == (
        "monthly",
        ("一.xlsx", "二.xlsx", "三.xlsx"),
        (),
        False,
    )
    assert fakes["monthly"].planned == []


def test_a_setup_workbook_goes_to_the_setup_planner(fakes):
    plan = plan_import(
        ENGINE, [("新城市.xlsx", good_workbook("地区与单位"))], Scope.command_line("市应急局"), NOW
    )
    assert fakes["setup"].planned == [(ENGINE, ["新城市.xlsx"], "市应急局", NOW)]
    assert (plan.workbook_kind, plan.writable) == ("setup", True)
    assert fakes["monthly"].planned == fakes["stages"].planned == []


def test_a_workbook_of_no_kind_is_refused_naming_the_kinds_taken(fakes):
    plan = plan_import(ENGINE, [("新城市.xlsx", good_workbook("城市"))], Scope.command_line("张三"), NOW)
    assert plan.problems == (
        Problem(
            "新城市.xlsx",
            "城市",
            None,
            None,
            None,
            "unknown_kind",
            {"sheet": "城市", "kinds": "“月报” / “阶段与命名” / “地区与单位”"},
        ),
    )
    assert problem_line(plan.problems[0]) == (
        "文件 新城市.xlsx，工作表“城市”：第一个工作表是“城市”，不是可上传的工作簿："
        "请用本平台下载的模板填写（第一个工作表须为 “月报” / “阶段与命名” / “地区与单位” 之一），"
        "不要改动工作表的名称和顺序。"
    )
    assert plan.workbook_kind == ""
    assert fakes["monthly"].planned == fakes["stages"].planned == fakes["setup"].planned == []


def test_a_workbook_whose_sheets_were_reordered_is_of_no_kind(fakes):
    plan = plan_import(ENGINE, [("月报.xlsx", good_workbook("Sheet1"))], Scope.command_line("张三"), NOW)
    assert [(p.sheet, p.key, p.values["sheet"]) for p in plan.problems] == [
        ("Sheet1", "unknown_kind", "Sheet1")
    ]


def test_a_monthly_and_a_stages_workbook_in_one_upload_are_refused(fakes):
    files = [("月报.xlsx", good_workbook()), ("阶段.xlsx", good_workbook("阶段与命名"))]
    plan = plan_import(ENGINE, files, Scope.command_line("张三"), NOW)
    (problem,) = plan.problems
    assert (problem.file, problem.key) == ("阶段.xlsx", "mixed_kinds")
    assert problem_line(problem) == (
        "文件 阶段.xlsx，工作表“阶段与命名”：这是“阶段与命名”工作簿，而同时上传的 月报.xlsx 是“月报”工作簿："
        "一次只能上传同一种工作簿，请分开上传。"
    )
    assert fakes["monthly"].planned == fakes["stages"].planned == []


def test_a_confirmed_plan_goes_to_its_kinds_writer(fakes):
    plan = plan_import(ENGINE, [("月报.xlsx", good_workbook())], Scope.command_line("张三"), NOW)
    result = apply_import(ENGINE, plan, Scope.command_line("李四"), "更正2月参与率")
    assert result == ImportResult(1, 0, "新增 1 条", "1 new")
    assert fakes["monthly"].applied == [(ENGINE, "f1", "李四", "更正2月参与率")]
    assert fakes["stages"].applied == []


def test_a_plan_with_problems_is_never_written(fakes):
    plan = plan_import(ENGINE, [("月报.xlsx", old_xls())], Scope.command_line("张三"), NOW)
    with pytest.raises(IntakeRefused) as refused:
        apply_import(ENGINE, plan, Scope.command_line("张三"), "")
    assert refused.value.problems == plan.problems
    assert fakes["monthly"].applied == fakes["stages"].applied == []


def test_an_upload_without_files_is_an_error(fakes):
    with pytest.raises(ValueError, match="没有要导入的文件"):
        plan_import(ENGINE, [], Scope.command_line("张三"), NOW)
