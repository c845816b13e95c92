"""``python -m oversight method``: the ranking method a programme ranks by, shown and stored.

A city adopts its own method without code: it prints the method in force as JSON
(``--programme CODE``), edits the weights, bands, vetoes, lists or county weights, and
stores the file (``--store FILE``) as the programme's next version.  The file is checked
first (``data_access.ranking_methods.check_method``) and refused with one line saying what
is wrong; a stored version is never altered (docs/ranking.md, "A city's own method").
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from data_access.programmes import programme_by_code
from data_access.ranking_methods import MethodError, current_method, method_versions, store_method
from oversight.access import Scope
from oversight.ranking.method import RankingMethod


def add_parser(commands: argparse._SubParsersAction) -> None:
    method = commands.add_parser("method", help="排名办法：查看（JSON）或另存新版本（ranking method）")
    method.add_argument("--programme", required=True, help="创建方案编码，如 SN-2015")
    method.add_argument("--store", type=Path, help="把该 JSON 文件存为方案排名办法的新版本")
    method.add_argument("--by", default="命令行", help="存入人（与 --store 同用）")
    method.add_argument(
        "--note", default="", help="说明，如 依据市安委办2016年1号文调整权重（与 --store 同用）"
    )


def run(engine: Engine, args, fail: Callable[[str], Exception]) -> None:
    programme_id = programme_by_code(engine, args.programme)
    if programme_id is None:
        raise fail(f"没有编码为 {args.programme!r} 的创建方案")
    if args.store is None:
        method = current_method(engine, programme_id)
        stored = [m.version for m in method_versions(engine, programme_id)]
        if stored:
            versions = "、".join(f"第{v}版" for v in stored)
            print(f"创建方案 {args.programme} 现行排名办法：第{method.version}版（已存 {versions}）")
        else:
            print(f"创建方案 {args.programme} 现行排名办法：默认办法（未另存版本，见 docs/ranking.md）")
        print(json.dumps(json.loads(method.to_json()), ensure_ascii=False, indent=2))
        return
    method = _read(args.store, fail)
    try:
        stored = store_method(engine, programme_id, method, Scope.command_line(args.by), args.note)
    except MethodError as error:
        raise fail(f"{args.store}：{error}") from error
    print(f"已存为创建方案 {args.programme} 排名办法第{stored.version}版，此后的排名与通报按此办法")


def _read(path: Path, fail: Callable[[str], Exception]) -> RankingMethod:
    """The method in ``path``, as ``--programme`` prints it (its version is ignored: storing
    gives the next)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise fail(f"无法读取 {path}：{error.strerror}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(f"{path} 不是 UTF-8 编码的 JSON 文件：{error}") from error
    if not isinstance(data, dict):
        raise fail(f"{path}：应为一个 JSON 对象（可先用 --programme 打印现行办法再修改）")
    data.setdefault("version", 0)
    try:
        return RankingMethod.from_json(json.dumps(data))
    except (KeyError, TypeError, ValueError) as error:
        raise fail(
            f"{path}：排名办法的项目不全或格式有误（{error!r}）；可先用 --programme 打印现行办法再修改"
        ) from error
