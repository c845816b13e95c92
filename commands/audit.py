"""``python -m oversight audit``: the audit trail, searched and printed for a file or a terminal.

Reads through :func:`data_access.audit.events` (the staff's audit page reads the same), newest
first.  ``csv`` has a header row; ``json`` is a list of objects whose ``before`` and
``after`` are the records themselves, not JSON text inside JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable

import pandas as pd
from sqlalchemy import Engine

from commands.users import aligned
from data_access.audit import events
from oversight.audit import KINDS
from oversight.spreadsheet_text import csv_text

COLUMNS = ("at", "username", "kind", "subject", "region_code", "region_zh", "before", "after")
"""The columns printed, in this order (the event's id is the database's, not the user's)."""


def add_parser(commands: argparse._SubParsersAction, date_type: Callable[[str], dt.date]) -> None:
    audit = commands.add_parser("audit", help="审计记录：谁在何时做了什么（audit trail）")
    audit.add_argument("--user", help="只列此用户名的记录")
    audit.add_argument("--since", type=date_type, help="只列此日（YYYY-MM-DD）及以后的记录")
    audit.add_argument("--kind", choices=KINDS, action="append", help="只列此类记录（可重复给出）")
    audit.add_argument("--format", choices=("csv", "json", "table"), default="csv", help="输出格式，默认 csv")


def run(engine: Engine, args) -> None:
    found = events(engine, user=args.user, since=args.since, kinds=args.kind or ())
    frame = found[list(COLUMNS)].assign(at=found["at"].map(_moment))
    if args.format == "json":
        records = [
            {**row, "before": _decoded(row["before"]), "after": _decoded(row["after"])}
            for row in frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        ]
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif args.format == "table":
        if frame.empty:
            print("没有符合条件的审计记录")
            return
        print(aligned(COLUMNS, frame.fillna("").astype(str).values.tolist()))
    else:
        print(csv_text(frame), end="")


def _moment(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")


def _decoded(text: str | None):
    return None if text is None else json.loads(text)
