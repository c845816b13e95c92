"""The command line: create the schema, load sample data, print target attainment, make
and issue a month's circular (``commands/circular.py``), take workbooks in and write blank
templates (``commands/intake.py``), manage users and their roles (``commands/users.py``) and
print the audit trail (``commands/audit.py``).

Every command reads ``DATABASE_URL`` (default: the embedded SQLite file).  Errors print
one line saying what went wrong and what to do, and exit with status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import NoReturn

import pandas as pd
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from commands import audit, circular, intake, method, users
from data_access.attainment import target_progress
from data_access.engine import DatabaseUrlError, database_url, make_engine
from data_access.regions import find_region
from data_access.schema import initialise, is_current
from data_access.users import ADMIN_USER, first_admin
from oversight.attainment import assess_targets
from oversight.spreadsheet_text import csv_text
from sample_data import DEFAULT_SEED, load_scenarios
from sample_data.accounts import add_demo_accounts
from sample_data.province import load_province
from sample_data.seeds import SCENARIOS

PROGRESS_COLUMNS = {
    "programme_code": "programme",
    "target_code": "target",
    "shape": "shape",
    "description": "description",
    "level": "level",
    "due_date": "due_date",
    "region_code": "region_code",
    "region": "region",
    "role": "role",
    "required": "required",
    "achieved": "achieved",
    "met": "met",
    "gap": "gap",
}


class CommandError(Exception):
    """A failure the user can fix; its message is printed as is."""


class _Parser(argparse.ArgumentParser):
    """Reports a mistyped command like every other error: one line in Chinese, status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"错误：命令行参数有误：{message}；用法见 {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m oversight",
        description="安全社区建设监管平台命令行。数据库由环境变量 DATABASE_URL 指定，默认为内置 SQLite 文件。",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="创建或升级数据库结构，写入指标目录（create or upgrade the schema）")

    sample = commands.add_parser("sample", help="加载示例数据（load sample data）")
    sample.add_argument("--scenario", choices=(*SCENARIOS, "all"), default="all", help="示例方案，默认 all")
    sample.add_argument("--units", type=int, help="合成省份的单位数（与 --months 同用，用于性能测试）")
    sample.add_argument("--months", type=int, help="合成省份的月数（与 --units 同用）")
    sample.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子，相同种子生成相同数据")

    progress = commands.add_parser("progress", help="目标完成情况表（target attainment）")
    progress.add_argument("--as-of", required=True, type=_date, help="截至日期 YYYY-MM-DD")
    progress.add_argument("--region", help="地区名称或编码，如 石家庄市 或 130100")
    progress.add_argument("--format", choices=("csv", "json"), default="csv")
    progress.add_argument("--lang", choices=("zh", "en"), default="zh", help="描述文字的语言")
    circular.add_parser(commands, circular.month_argument)
    method.add_parser(commands)
    intake.add_parsers(commands, circular.month_argument)
    users.add_parser(commands)
    audit.add_parser(commands, _date)
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"日期须为 YYYY-MM-DD 格式，收到 {text!r}") from error


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        engine = make_engine()
        if args.command == "init":
            initialise(engine)
            print(f"数据库已就绪：{_shown_url()}")
            admin = first_admin(engine, os.environ, dt.datetime.now().replace(microsecond=0))
            if admin:
                print(f"已按环境变量 {ADMIN_USER} 新增首个管理员 {admin}")
        elif args.command == "sample":
            _sample(engine, args)
        elif args.command == "circular":
            _require_current(engine)
            circular.run(engine, args, CommandError)
        elif args.command == "method":
            _require_current(engine)
            method.run(engine, args, CommandError)
        elif args.command == "user":
            _require_current(engine)
            users.run(engine, args, CommandError)
        elif args.command == "audit":
            _require_current(engine)
            audit.run(engine, args)
        elif args.command in ("import", "template"):
            _require_current(engine)
            (intake.run_import if args.command == "import" else intake.run_template)(
                engine, args, CommandError
            )
        else:
            _progress(engine, args)
    except (CommandError, DatabaseUrlError, ValueError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    except (OperationalError, ProgrammingError) as error:
        print(
            f"错误：无法使用数据库 {_shown_url()}：{str(error.orig).strip().splitlines()[0]}"
            "；请检查 DATABASE_URL 与数据库服务",
            file=sys.stderr,
        )
        return 2
    return 0


def _shown_url() -> str:
    """The database URL without its password, for messages."""
    try:
        return make_url(database_url()).render_as_string(hide_password=True)
    except ArgumentError:  # reported by make_engine; show it as given
        return database_url()


def _sample(engine, args) -> None:
    initialise(engine)
    started = time.perf_counter()
    if args.units is not None or args.months is not None:
        if not (args.units and args.months and args.units > 0 and args.months > 0):
            raise CommandError("--units 与 --months 须同时给出，且为正整数")
        counts = load_province(engine, args.units, args.months, seed=args.seed, progress=print)
        print(f"合成省份已加载：{counts}，用时 {time.perf_counter() - started:.1f} 秒")
        return
    names = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    written = load_scenarios(engine, names, seed=args.seed)
    for name, reports in written.items():
        print(f"示例方案 {name}：{reports} 份月报")
    demo = add_demo_accounts(engine)
    if demo:
        print(f"演示账户：{'、'.join(demo)}（密码见 docs/access.md）")
    print(f"用时 {time.perf_counter() - started:.1f} 秒")


def _require_current(engine) -> None:
    if not is_current(engine):
        raise CommandError("数据库尚未初始化或版本过旧，请先运行 python -m oversight init")


def _progress(engine, args) -> None:
    _require_current(engine)
    region = None
    if args.region:
        region = find_region(engine, args.region)
        if region is None:
            raise CommandError(f"未找到地区 {args.region!r}：请使用地区的中文名称、英文名称或编码")
    table = progress_table(assess_targets(target_progress(engine, args.as_of, region)), args.lang)
    if args.format == "json":
        print(json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=2, default=str))
    else:
        print(csv_text(table), end="")


def progress_table(assessed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The attainment rows as the command prints them, descriptions in one language."""
    frame = assessed.assign(
        description=assessed[f"description_{lang}"],
        level=assessed[f"level_{lang}"],
        region=assessed[f"region_{lang}"].fillna(assessed["region_zh"]),
        due_date=assessed["due_date"].astype(str),
        met=assessed["met"].astype(bool),
    )
    return frame[list(PROGRESS_COLUMNS)].rename(columns=PROGRESS_COLUMNS)
