"""``python -m oversight user``: users and their roles, managed from the command line.

A real deployment has no one to click first: its first administrator is made here (or from
``OVERSIGHT_ADMIN_USER``, :func:`data_access.users.first_admin`), and so is every later user.  Each
change goes through ``data_access/users.py`` in one transaction with its audit row, under
the name of ``--by`` (default ``命令行``, the command line's scope,
:meth:`oversight.access.Scope.command_line`): whoever runs the command already holds the
server and its database, so the audit trail records the name they give, as ``import`` and
``method`` do.  A password is read without echo (twice, to catch a typo) or as one line of
standard input (``--password-stdin``, for scripts); it is never printed or logged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import unicodedata
from collections.abc import Callable, Sequence

import pandas as pd
from sqlalchemy import Engine

from data_access import users
from data_access.regions import RegionRef, find_region
from oversight.access import ROLES, Scope
from oversight.i18n import translate

_BY = {"default": Scope.command_line().user, "help": "记入审计记录的操作人，默认 命令行"}


def add_parser(commands: argparse._SubParsersAction) -> None:
    user = commands.add_parser("user", help="用户与角色：新增、授予、收回、列出、停用、重置密码（users）")
    actions = user.add_subparsers(dest="user_command", required=True)

    add = actions.add_parser("add", help="新增用户并授予一个角色")
    add.add_argument("username", help="用户名（登录名）")
    _role_and_region(add)
    _password_stdin(add)
    add.add_argument("--email", help="电子邮箱（经 OIDC 登录时据此找到用户）")
    add.add_argument("--name", help="显示的姓名，如 张三")
    add.add_argument("--by", **_BY)

    for name, help_text in (("grant", "授予用户一个地区的角色"), ("revoke", "收回用户一个地区的角色")):
        change = actions.add_parser(name, help=help_text)
        change.add_argument("username", help="用户名")
        _role_and_region(change)
        change.add_argument("--by", **_BY)

    actions.add_parser("list", help="列出用户：角色及地区、是否停用、锁定至、是否演示账户")

    disable = actions.add_parser("disable", help="停用用户（不能再登录，其记录保留）")
    disable.add_argument("username", help="用户名")
    disable.add_argument("--by", **_BY)

    reset = actions.add_parser("reset-password", help="重置用户的密码（并解除锁定）")
    reset.add_argument("username", help="用户名")
    _password_stdin(reset)
    reset.add_argument("--by", **_BY)


def _role_and_region(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", required=True, choices=tuple(ROLES), help="角色")
    parser.add_argument(
        "--region", required=True, help="地区的中文名称、英文名称或编码，如 石家庄市 或 130100"
    )


def _password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取一行作为密码（用于脚本）；不给则提示输入两次，不回显",
    )


def run(engine: Engine, args, fail: Callable[[str], Exception], now: dt.datetime | None = None) -> None:
    now = now or dt.datetime.now()
    command = args.user_command
    if command == "list":
        print(user_table(users.users(engine), now))
        return
    try:
        if command == "add":
            region = _region(engine, args.region, fail)
            users.check_grantable(args.role, region)
            password = _password(args.password_stdin, fail)
            with engine.begin() as connection:
                users.add_user(
                    connection,
                    args.username,
                    password,
                    args.by,
                    now,
                    email=args.email,
                    display_name=args.name,
                )
                users.grant_role(connection, args.username, args.role, region, args.by, now)
            print(f"已新增用户 {args.username}：{_role_zh(args.role)}（{region.name_zh}）")
        elif command in ("grant", "revoke"):
            region = _region(engine, args.region, fail)
            change = users.grant_role if command == "grant" else users.revoke_role
            with engine.begin() as connection:
                change(connection, args.username, args.role, region, args.by, now)
            done = "已授予" if command == "grant" else "已收回"
            print(f"{done}用户 {args.username} 的角色：{_role_zh(args.role)}（{region.name_zh}）")
        elif command == "disable":
            with engine.begin() as connection:
                users.disable_user(connection, args.username, args.by, now)
            print(f"已停用用户 {args.username}")
        else:
            password = _password(args.password_stdin, fail)
            with engine.begin() as connection:
                users.set_password(connection, args.username, password, args.by, now)
            print(f"已重置用户 {args.username} 的密码")
    except users.UserError as error:
        raise fail(str(error)) from error


def _region(engine: Engine, name: str, fail) -> RegionRef:
    region = find_region(engine, name)
    if region is None:
        raise fail(f"未找到地区 {name!r}：请使用地区的中文名称、英文名称或编码，如 石家庄市 或 130100")
    return region


def _password(from_stdin: bool, fail) -> str:
    """The new password: one line of standard input, or typed twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise fail("两次输入的密码不一致，未作更改")
    return first


def _role_zh(role: str) -> str:
    return translate(f"role.{role}", "zh")


USER_COLUMNS = ("用户名", "姓名", "角色（地区）", "停用", "锁定至", "演示账户")


def user_table(rows: pd.DataFrame, now: dt.datetime) -> str:
    """One line per user: its roles in their regions, whether it is disabled, until when it
    is locked (only a lock still in force), and whether it is one of the sample's demo
    accounts; aligned for a terminal, Chinese characters counted double."""
    if rows.empty:
        return "没有用户：请用 python -m oversight user add 新增第一个管理员"
    lines = []
    for username, grants in rows.groupby("username", sort=True):
        first = grants.iloc[0]
        roles = [
            f"{_role_zh(role)}（{region}）"
            for role, region in zip(grants["role"], grants["region_zh"], strict=True)
            if isinstance(role, str)
        ]
        locked = first["locked_until"]
        lines.append(
            (
                username,
                first["display_name"] if isinstance(first["display_name"], str) else "",
                "、".join(roles) or "（无）",
                "是" if first["disabled"] else "否",
                locked.strftime("%Y-%m-%d %H:%M") if pd.notna(locked) and locked > now else "",
                "是" if first["demo"] else "否",
            )
        )
    return aligned(USER_COLUMNS, lines)


def aligned(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain text table, every column left-aligned to its widest cell, a CJK character
    counted as two columns of a terminal."""
    table = [list(columns), *(list(row) for row in rows)]
    widths = [max(_width(row[i]) for row in table) for i in range(len(columns))]
    return "\n".join(
        "  ".join(
            cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in table
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
