"""``python -m oversight circular``: a month's circular as files, for a scheduled monthly job.

Writes the .xlsx, .docx and .pdf (the PDF when LibreOffice is there) into ``--out`` and
prints the ranking.  A month already issued is written as issued, byte for byte, unless
``--draft`` asks for a fresh computation from today's data; ``--issue`` issues the month
under the region's stored office and its next 文号.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from data_access.circular_drafts import (
    documents,
    file_stem,
    issue_draft,
    issued_circular,
    make_draft,
    stored_pdf,
)
from data_access.circulars import IssueError, Office, circular_file, issued, office_of, store_office
from data_access.programmes import programmes_within
from data_access.regions import RegionRef, find_region
from oversight.access import Scope
from oversight.circular.content import Circular, county_table, score_text, unit_table
from oversight.circular.pdf import PdfUnavailable, docx_to_pdf, pdf_available
from oversight.formatting import format_month


def add_parser(commands: argparse._SubParsersAction, month_type: Callable[[str], dt.date]) -> None:
    circular = commands.add_parser(
        "circular", help="生成月度通报文件（Excel、Word、PDF），可印发（monthly circular）"
    )
    circular.add_argument("--month", required=True, type=month_type, help="通报的月报月份 YYYY-MM")
    circular.add_argument("--region", required=True, help="城市或区县的中文名称、英文名称或编码，如 遂宁市")
    circular.add_argument("--out", required=True, type=Path, help="写入文件的文件夹（不存在则创建）")
    circular.add_argument("--programme", help="创建方案编码；该地区只有一个方案时可省略")
    what = circular.add_mutually_exclusive_group()
    what.add_argument("--issue", action="store_true", help="以该地区登记的发文机关和下一个文号印发本月通报")
    what.add_argument(
        "--draft", action="store_true", help="已印发的月份也按现有数据重新计算（草稿），不写已印发的文件"
    )
    circular.add_argument("--issued-by", default=None, help="印发人，默认为当前系统用户")
    circular.add_argument(
        "--office",
        help="发文机关名称，如 遂宁市安全生产监督管理局（该地区第一次印发时登记，与 --abbreviation 同用）",
    )
    circular.add_argument("--abbreviation", help="发文字号代字，如 遂安监通（第一次印发时登记）")


def month_argument(text: str) -> dt.date:
    """YYYY-MM as the month's first day."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"月份须为 YYYY-MM 格式，如 2015-09，收到 {text!r}") from error


def run(engine: Engine, args, fail: Callable[[str], Exception]) -> None:
    region = _region(engine, args.region, fail)
    programme_id, programme_code = _programme(engine, region, args.programme, args.month, fail)
    month = args.month
    args.out.mkdir(parents=True, exist_ok=True)
    current = issued(engine, region, programme_id, month)
    if args.issue:
        if current is not None:
            raise fail(
                f"{region.name_zh} {format_month(month, 'zh')}的通报已印发（{current.number}），不再重复印发"
            )
        office = _office(engine, region, args, fail)
        draft = make_draft(engine, region, month, programme_id)
        current = issue_draft(
            engine, draft, office, dt.date.today(), Scope.command_line(args.issued_by or _user())
        )
        print(f"已印发 {current.number}")
    if current is not None and not args.draft:
        circular = issued_circular(current)
        stem = file_stem(region.name_zh, month, current.number)
        files = {kind: circular_file(engine, current.id, kind) for kind in ("xlsx", "docx")}
        _write(args.out, stem, files)
        _write_pdf(args.out, stem, lambda: stored_pdf(engine, current))
        print(f"{current.number}：已印发的文件，与印发时保存的逐字节相同")
    else:
        circular = make_draft(engine, region, month, programme_id).circular
        stem = file_stem(region.name_zh, month, None)
        files = documents(circular)
        _write(args.out, stem, files)
        _write_pdf(args.out, stem, lambda: docx_to_pdf(files["docx"]))
        note = "（已印发的月份，按现有数据重新计算）" if current is not None else "（尚未印发）"
        print(f"草稿{note}")
    print(f"创建方案 {programme_code}，{region.name_zh} {format_month(month, 'zh')}月报排名：")
    print(ranking_text(circular))


def ranking_text(circular: Circular) -> str:
    """The county and unit rankings as the circular's tables, in plain aligned text, scores
    as the circular prints them (97.5, 80.63, 90)."""
    parts = []
    if circular.ranking.counties:
        columns, rows = county_table(circular, "zh")
        parts.append(pd.DataFrame(rows, columns=columns).to_string(index=False, float_format=score_text))
    columns, rows = unit_table(circular, "zh")
    parts.append(pd.DataFrame(rows, columns=columns).to_string(index=False, float_format=score_text))
    return "\n\n".join(parts)


def _write(out: Path, stem: str, files: dict[str, bytes | None]) -> None:
    for kind, content in files.items():
        path = out / f"{stem}.{kind}"
        path.write_bytes(content or b"")
        print(f"已写入 {path}")


def _write_pdf(out: Path, stem: str, make: Callable[[], bytes]) -> None:
    if not pdf_available():
        print("未生成 PDF：本机没有安装 LibreOffice（soffice）；Excel 与 Word 文件已写入")
        return
    try:
        content = make()
    except PdfUnavailable as error:
        print(f"未生成 PDF：{error}")
        return
    _write(out, stem, {"pdf": content})


def _office(engine: Engine, region: RegionRef, args, fail) -> Office:
    """The region's stored office; on its first issue, the one named by --office and
    --abbreviation, stored (a scheduled job can issue a new city's first circular)."""
    office = office_of(engine, region)
    if office is not None:
        if args.office or args.abbreviation:
            raise fail(
                f"{region.name_zh} 已登记发文机关 {office.name_zh}（代字 {office.abbreviation}），"
                "不能用 --office / --abbreviation 更改"
            )
        return office
    if not (args.office and args.abbreviation):
        raise fail(
            f"{region.name_zh} 还没有登记发文机关：第一次印发请用 --office 和 --abbreviation 给出"
            "发文机关名称和发文字号代字（如 --office 遂宁市安全生产监督管理局 --abbreviation 遂安监通）"
        )
    try:
        return store_office(
            engine,
            region,
            args.office,
            args.abbreviation,
            scope=Scope.command_line(args.issued_by or _user()),
        )
    except IssueError as error:
        raise fail(str(error)) from error


def _region(engine: Engine, name: str, fail) -> RegionRef:
    region = find_region(engine, name)
    if region is None:
        raise fail(f"未找到地区 {name!r}：请使用城市或区县的中文名称、英文名称或编码，如 遂宁市 或 510900")
    if region.level not in ("city", "county"):
        raise fail(f"{region.name_zh} 不是城市或区县：月度通报按城市或区县排名，请给出城市或区县")
    return region


def _programme(engine: Engine, region: RegionRef, code: str | None, month: dt.date, fail) -> tuple[int, str]:
    programmes = programmes_within(engine, region)
    if code is not None:
        programmes = programmes[programmes["code"] == code]
        if programmes.empty:
            raise fail(f"{region.name_zh} 没有编码为 {code!r} 的创建方案")
    if programmes.empty:
        raise fail(f"{region.name_zh} 没有创建方案，无可通报的排名")
    if len(programmes) > 1:
        codes = "、".join(programmes["code"])
        raise fail(f"{region.name_zh} 有多个创建方案（{codes}）：请用 --programme 指定一个")
    programme = programmes.iloc[0]
    start, end = programme["start_date"].replace(day=1), programme["end_date"].replace(day=1)
    if not start <= month <= end:
        raise fail(
            f"{format_month(month, 'zh')}不在创建方案 {programme['code']} 的期间"
            f"（{format_month(start, 'zh')}至{format_month(end, 'zh')}）内"
        )
    return int(programme["id"]), str(programme["code"])


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "命令行"
