"""``python -m oversight import`` and ``template``: workbooks in and blank templates out,
for an office that works from scripts rather than the 数据填报 page.

``import`` plans the upload as the page does (``data_access.intake``) and prints what
it would change; without ``--dry-run`` it then writes it, all or nothing.  An upload with
problems prints every one, where it is and what to fix, writes nothing and exits 2
(docs/templates_reader.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from data_access.intake import apply_import, plan_import
from data_access.regions import RegionRef, find_region
from oversight.access import Scope
from oversight.formatting import format_month
from oversight.i18n import translate
from oversight.intake.kinds import FIRST_SHEETS
from oversight.intake.plan import ImportPlan, StalePlan
from oversight.intake.problems import problem_line
from oversight.intake.terms import field_text, value_text

TEMPLATE_KINDS = ("monthly", "stages", "setup")
"""The templates the command writes."""


def add_parsers(commands: argparse._SubParsersAction, month_type: Callable[[str], dt.date]) -> None:
    taken = commands.add_parser(
        "import",
        help="导入填好的工作簿（月报、阶段与命名、地区与单位设置），先检查，全部无误才写入（import workbooks）",
    )
    taken.add_argument("files", nargs="+", type=Path, metavar="FILE.xlsx", help="一个或多个同种工作簿")
    taken.add_argument("--dry-run", action="store_true", help="只检查并列出将要新增和更正的内容，不写入")
    taken.add_argument("--by", default="命令行", help="提交人，记入每条记录（默认 命令行）")
    taken.add_argument(
        "--reason", default="", help="更正原因：工作簿更正已有记录时必填，如 核实后更正2月参与率"
    )

    template = commands.add_parser("template", help="生成空白填报模板（Excel）（blank template）")
    template.add_argument(
        "--kind",
        required=True,
        choices=TEMPLATE_KINDS,
        help="monthly 月报；stages 阶段与命名；setup 地区与单位等设置（不需 --region）",
    )
    template.add_argument("--out", required=True, type=Path, help="写入的 .xlsx 文件")
    template.add_argument(
        "--region",
        help="地区的中文名称、英文名称或编码，如 长安区 或 130102（--kind monthly、stages 时必填）",
    )
    template.add_argument("--month", type=month_type, help="月报的月份 YYYY-MM（--kind monthly 时必填）")


def run_import(engine: Engine, args, fail: Callable[[str], Exception]) -> None:
    files = []
    for path in args.files:
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as error:
            raise fail(f"无法读取 {path}：{error.strerror}") from error
    plan = plan_import(engine, files, Scope.command_line(args.by))
    if not plan.writable:
        lines = [problem_line(problem) for problem in plan.problems]
        raise fail("\n".join([translate("intake.summary.refused", "zh", count=len(lines)), *lines]))
    print(_summary(plan))
    for change in plan.changes:
        if change.kind == "correction":
            print(_correction_line(plan.workbook_kind, change))
    if args.dry_run:
        print(translate("intake.summary.dry_run", "zh"))
        return
    try:
        result = apply_import(engine, plan, Scope.command_line(args.by), args.reason)
    except StalePlan as error:
        raise fail(str(error)) from error
    print(result.summary_zh)


def _summary(plan: ImportPlan) -> str:
    counts = translate(
        "intake.summary",
        "zh",
        new=plan.count("new"),
        corrections=plan.count("correction"),
        unchanged=plan.count("unchanged"),
    )
    return f"“{FIRST_SHEETS[plan.workbook_kind]}”工作簿 {len(plan.files)} 个：{counts}"


def _correction_line(workbook_kind: str, change) -> str:
    """更正 130102001 2016-02（建北街道）：参与率 80 → 85；… — only the fields that change,
    in Chinese as the page words them (oversight.intake.terms)."""
    before = change.before or {}
    fields = "；".join(
        f"{field_text(workbook_kind, change.subject, field, 'zh')} "
        f"{value_text(before.get(field), 'zh')} → {value_text(value, 'zh')}"
        for field, value in change.after.items()
        if before.get(field) != value
    )
    return f"  更正 {change.key}（{change.label}）：{fields}"


def run_template(engine: Engine, args, fail: Callable[[str], Exception]) -> None:
    if args.kind == "setup":
        _write(args.out, _setup(engine), "地区与单位设置模板")
        return
    if args.region is None:
        raise fail("月报和阶段与命名模板须给出地区：--region 名称或编码，如 --region 长安区")
    region = find_region(engine, args.region)
    if region is None:
        raise fail(f"未找到地区 {args.region!r}：请使用地区的中文名称、英文名称或编码，如 长安区 或 130102")
    if args.kind == "monthly":
        if args.month is None:
            raise fail("月报模板须给出月份：--month YYYY-MM，如 --month 2016-02")
        data = _monthly(engine, region, args.month)
        what = f"{region.name_zh} {format_month(args.month, 'zh')}月报模板"
    else:
        data = _stages(engine, region)
        what = f"{region.name_zh}阶段与命名模板"
    _write(args.out, data, what)


def _write(out: Path, data: bytes, what: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"已写出{what}：{out}")


def _monthly(engine: Engine, region: RegionRef, month: dt.date) -> bytes:
    from data_access.templates import monthly_template

    return monthly_template(engine, region, month)


def _stages(engine: Engine, region: RegionRef) -> bytes:
    from data_access.templates_stages import stages_template

    return stages_template(engine, region)


def _setup(engine: Engine) -> bytes:
    from data_access.templates_setup import setup_template

    return setup_template(engine)
