"""``python -m oversight import`` and ``template`` on the ranking fixture's database
(tests/fixture_ranking.py: city 测评市, code RC).

A refused upload is refused before any planner runs, so it is run as a user would, in a
process of its own, and the database is checked unchanged.  What the command prints for
a plan, and what it hands the writer and the template functions, is checked in-process
with the kinds' planners and templates stood in for by fakes (their own tests check the
real ones)."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import types

import pytest
from sqlalchemy import MetaData, select

from commands.cli import main
from data_access.engine import make_engine
from oversight.i18n import translate
from oversight.intake.plan import Change, ImportPlan, ImportResult, StalePlan
from tests.commands.command import oversight, oversight_process
from tests.oversight.bad_files import good_workbook, old_xls


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows, to see that nothing was written."""
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        tables = {
            name: sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            for name, table in metadata.tables.items()
        }
    engine.dispose()
    return {
        name: (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        for name, rows in tables.items()
    }


def test_a_refused_upload_lists_every_problem_and_writes_nothing(fixture_url, tmp_path):
    (tmp_path / "月报.xlsx").write_bytes("单位编码,参与率\n130102001,85\n".encode("gb18030"))
    (tmp_path / "旧表.xlsx").write_bytes(old_xls())
    (tmp_path / "新城市.xlsx").write_bytes(good_workbook("Sheet1"))
    before = fingerprint(fixture_url)
    done = oversight_process(
        fixture_url, "import", *(str(tmp_path / n) for n in ("月报.xlsx", "旧表.xlsx", "新城市.xlsx"))
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "错误：发现 3 个问题，未写入任何内容。",
        "文件 月报.xlsx：这是文本文件（如 CSV），不是 Excel 工作簿，只是扩展名改成了 .xlsx："
        "请用本平台下载的模板填写，或在 Excel 中打开后“另存为”Excel 工作簿（*.xlsx）。",
        "文件 旧表.xlsx：这是旧版 Excel 97-2003 工作簿（.xls），无法读取："
        "请在 Excel 中“另存为”Excel 工作簿（*.xlsx）后再上传，最好直接用本平台下载的模板填写。",
        "文件 新城市.xlsx，工作表“Sheet1”：第一个工作表是“Sheet1”，不是可上传的工作簿："
        "请用本平台下载的模板填写（第一个工作表须为 “月报” / “阶段与命名” / “地区与单位” 之一），"
        "不要改动工作表的名称和顺序。",
    ]
    assert fingerprint(fixture_url) == before
    assert sum(count for count, _ in before.values()) > 0  # the fixture's rows were compared


def test_a_file_that_is_not_there_is_one_line(fixture_url, tmp_path):
    done = oversight(fixture_url, "import", str(tmp_path / "没有.xlsx"))
    assert (done.returncode, done.stderr) == (
        2,
        f"错误：无法读取 {tmp_path / '没有.xlsx'}：No such file or directory\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--kind", "monthly", "--region", "测评市"),
            "错误：月报模板须给出月份：--month YYYY-MM，如 --month 2016-02\n",
        ),
        (
            ("--kind", "stages", "--region", "无此市"),
            "错误：未找到地区 '无此市'：请使用地区的中文名称、英文名称或编码，如 长安区 或 130102\n",
        ),
    ],
    ids=["monthly without a month", "unknown region"],
)
def test_a_template_without_what_it_needs_is_refused(fixture_url, tmp_path, args, message):
    out = tmp_path / "模板.xlsx"
    done = oversight(fixture_url, "template", *args, "--out", str(out))
    assert (done.returncode, done.stderr) == (2, message)
    assert not out.exists()


class Fakes:
    """The monthly planner, writer and template, recording what they were handed."""

    def __init__(self) -> None:
        self.planned: list[tuple] = []
        self.applied: list[tuple] = []
        self.templates: list[tuple] = []
        self.apply_raises: Exception | None = None

    def plan(self, engine, workbooks, scope, now):
        self.planned.append(([book.name for book in workbooks], scope.user))
        changes = (
            Change("new", "report", "A2 2021-04", "甲县二街道", None, {"参与率": 85}),
            Change(
                "correction",
                "report",
                "A1 2021-03",
                "甲县一街道",
                {"参与率": 80, "满意率": 90},
                {"参与率": 85, "满意率": 90},
            ),
        )
        return ImportPlan("monthly", tuple(book.name for book in workbooks), changes, (), "f1")

    def apply(self, engine, plan, scope, reason):
        if self.apply_raises is not None:
            raise self.apply_raises
        self.applied.append((plan.fingerprint, scope.user, reason))
        return ImportResult(1, 0, "已写入：新增 1 条，更正 1 条。", "Written: 1 new, 1 corrected.")

    def monthly_template(self, engine, region, month):
        self.templates.append(("monthly", region.code, month))
        return b"monthly template"

    def stages_template(self, engine, region):
        self.templates.append(("stages", region.code))
        return b"stages template"


@pytest.fixture
def fakes(monkeypatch, fixture_url) -> Fakes:
    monkeypatch.setenv("DATABASE_URL", fixture_url)
    made = Fakes()
    for module, functions in (
        ("data_access.intake_monthly", {"plan_monthly": made.plan, "apply_monthly": made.apply}),
        ("data_access.templates", {"monthly_template": made.monthly_template}),
        ("data_access.templates_stages", {"stages_template": made.stages_template}),
    ):
        stand_in = types.ModuleType(module)
        for name, function in functions.items():
            setattr(stand_in, name, function)
        monkeypatch.setitem(sys.modules, module, stand_in)
    return made


@pytest.fixture
def upload(tmp_path):
    path = tmp_path / "甲县.xlsx"
    path.write_bytes(good_workbook())
    return str(path)


SUMMARY = "“月报”工作簿 1 个：新增 1 条，更正 1 条，无变化 0 条。"
CORRECTION = "  更正 A1 2021-03（甲县一街道）：参与率 80 → 85"


def test_a_dry_run_prints_what_would_change_and_writes_nothing(fakes, upload, capsys):
    assert main(["import", upload, "--dry-run", "--by", "甲县应急局 王五"]) == 0
    assert capsys.readouterr().out.splitlines() == [SUMMARY, CORRECTION, "试运行，未写入任何内容。"]
    assert fakes.planned == [(["甲县.xlsx"], "甲县应急局 王五")]
    assert fakes.applied == []


def test_an_import_writes_the_plan_with_who_and_why(fakes, upload, capsys):
    assert main(["import", upload, "--by", "王五", "--reason", "核实后更正3月参与率"]) == 0
    assert capsys.readouterr().out.splitlines() == [SUMMARY, CORRECTION, "已写入：新增 1 条，更正 1 条。"]
    assert fakes.applied == [("f1", "王五", "核实后更正3月参与率")]


@pytest.mark.parametrize(
    "error",
    [StalePlan(translate("intake.stale", "zh")), ValueError("A1 2021-03 是更正：须给出更正原因（--reason）")],
    ids=["stale", "no reason"],
)
def test_a_refused_write_exits_2_with_its_message(fakes, upload, capsys, error):
    fakes.apply_raises = error
    assert main(["import", upload]) == 2
    assert capsys.readouterr().err == f"错误：{error}\n"


def test_the_templates_are_written_for_the_region_and_month(fakes, tmp_path, capsys):
    monthly, stages = tmp_path / "月报" / "测评市.xlsx", tmp_path / "阶段.xlsx"
    assert (
        main(["template", "--kind", "monthly", "--region", "RC", "--month", "2021-04", "--out", str(monthly)])
        == 0
    )
    assert main(["template", "--kind", "stages", "--region", "测评市", "--out", str(stages)]) == 0
    assert fakes.templates == [("monthly", "RC", dt.date(2021, 4, 1)), ("stages", "RC")]
    assert (monthly.read_bytes(), stages.read_bytes()) == (b"monthly template", b"stages template")
    assert capsys.readouterr().out.splitlines() == [
        f"已写出测评市 2021年4月月报模板：{monthly}",
        f"已写出测评市阶段与命名模板：{stages}",
    ]
