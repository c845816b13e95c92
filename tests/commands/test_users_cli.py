"""``python -m oversight user`` and ``audit``: users managed and the trail printed from the
command line, over the regions of tests/fixture_users.py (测试市 C: 甲区 D1 with U11, U12;
乙区 D2 with U21; 他市 C2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from unittest import mock

import pytest
from sqlalchemy import select

from commands.users import user_table
from data_access import users
from data_access.engine import make_engine
from data_access.models import AppUser, AuditEvent
from data_access.schema import initialise
from tests.commands.command import REPO, oversight
from tests.fixture_users import load_regions

PASSWORD = "clerk-password-1"


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path}/users.db"
    engine = make_engine(url)
    initialise(engine)
    load_regions(engine)
    engine.dispose()
    return url


def run(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    with mock.patch("sys.stdin", io.StringIO(stdin)):
        return oversight(url, *args)


def stored(url: str, table, *columns):
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(select(*columns).order_by(table.id))]
    engine.dispose()
    return rows


def test_a_user_is_added_with_a_role_and_signs_in(url):
    added = run(
        url, "user", "add", "wang", "--role", "county", "--region", "甲区", "--password-stdin",
        "--name", "王五", "--email", "wang@example.cn", stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    assert (added.returncode, added.stdout, added.stderr) == (0, "已新增用户 wang：区县安委办（甲区）\n", "")
    engine = make_engine(url)
    assert users.authenticate(engine, "wang", PASSWORD, dt.datetime(2026, 3, 1)).outcome == "ok"
    scope = users.scope_of(engine, "wang")
    engine.dispose()
    assert [(g.role, g.region.code) for g in scope.grants] == [("county", "D1")]
    assert stored(url, AuditEvent, AuditEvent.username, AuditEvent.kind, AuditEvent.subject)[:2] == [
        ("命令行", "user_added", "wang"),
        ("命令行", "role_granted", "wang"),
    ]
    assert stored(url, AppUser, AppUser.display_name, AppUser.email, AppUser.demo) == [
        ("王五", "wang@example.cn", False)
    ]


def test_without_stdin_the_password_is_asked_twice_and_never_shown(url):
    with mock.patch("getpass.getpass", side_effect=[PASSWORD, PASSWORD]) as asked:
        added = run(url, "user", "add", "li", "--role", "clerk", "--region", "U11", "--by", "张科长")
    assert added.returncode == 0, added.stderr
    assert [call.args[0] for call in asked.call_args_list] == ["新密码：", "再输入一次："]
    with mock.patch("getpass.getpass", side_effect=["another-password", "another-passwrod"]):
        mistyped = run(url, "user", "reset-password", "li")
    assert (mistyped.returncode, mistyped.stderr) == (2, "错误：两次输入的密码不一致，未作更改\n")
    everything = added.stdout + added.stderr + mistyped.stdout + mistyped.stderr
    everything += " ".join(
        map(str, stored(url, AuditEvent, AuditEvent.subject, AuditEvent.before, AuditEvent.after))
    )
    assert PASSWORD not in everything and "another" not in everything
    assert stored(url, AuditEvent, AuditEvent.username, AuditEvent.kind) == [
        ("张科长", "user_added"),
        ("张科长", "role_granted"),
    ]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ("--role", "county", "--region", "测试市"),
            PASSWORD,
            "角色“区县安委办”只能授予县级地区，测试市是市级地区",
        ),
        (("--role", "clerk", "--region", "无此街道"), PASSWORD, "未找到地区 '无此街道'"),
        (("--role", "clerk", "--region", "U11"), "123456789", "密码太短：至少 10 个字符，现为 9 个"),
        (("--role", "clerk", "--region", "U11"), "", "密码不能为空"),
    ],
    ids=["level", "region", "short", "empty"],
)
def test_a_refused_add_writes_nothing_and_says_why_in_one_line(url, args, stdin, message):
    refused = run(url, "user", "add", "wang", *args, "--password-stdin", stdin=f"{stdin}\n")
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"错误：{message}") and refused.stderr.count("\n") == 1
    # The user and its role are one transaction: a role refused leaves no user behind.
    assert stored(url, AppUser, AppUser.username) == []
    assert stored(url, AuditEvent, AuditEvent.kind) == []


def test_a_role_at_the_wrong_level_is_refused_before_the_password_is_asked(url):
    with mock.patch("getpass.getpass", return_value=PASSWORD) as asked:
        refused = run(url, "user", "add", "wang", "--role", "county", "--region", "测试市")
    assert (refused.returncode, asked.call_count) == (2, 0)
    assert refused.stderr == "错误：角色“区县安委办”只能授予县级地区，测试市是市级地区\n"


def test_grant_revoke_disable_and_reset_password(url):
    run(url, "user", "add", "wang", "--role", "county", "--region", "D1", "--password-stdin", stdin=PASSWORD)
    granted = run(url, "user", "grant", "wang", "--role", "leader", "--region", "他市")
    assert granted.stdout == "已授予用户 wang 的角色：市领导（他市）\n"
    twice = run(url, "user", "grant", "wang", "--role", "leader", "--region", "C2")
    assert (twice.returncode, twice.stderr) == (2, "错误：用户“wang”已在他市拥有角色“市领导”\n")
    revoked = run(url, "user", "revoke", "wang", "--role", "county", "--region", "甲区", "--by", "李四")
    assert revoked.stdout == "已收回用户 wang 的角色：区县安委办（甲区）\n"
    engine = make_engine(url)
    assert [(g.role, g.region.code) for g in users.scope_of(engine, "wang").grants] == [("leader", "C2")]
    for _ in range(5):
        users.authenticate(engine, "wang", "wrong-password", dt.datetime.now())
    assert users.authenticate(engine, "wang", PASSWORD, dt.datetime.now()).outcome == "locked"
    reset = run(url, "user", "reset-password", "wang", "--password-stdin", stdin="a-new-password\n")
    assert reset.stdout == "已重置用户 wang 的密码\n"
    assert users.authenticate(engine, "wang", "a-new-password", dt.datetime.now()).outcome == "ok"
    disabled = run(url, "user", "disable", "wang")
    assert disabled.stdout == "已停用用户 wang\n"
    assert users.authenticate(engine, "wang", "a-new-password", dt.datetime.now()).outcome == "wrong"
    again = run(url, "user", "disable", "wang")
    assert (again.returncode, again.stderr) == (2, "错误：用户“wang”已停用\n")
    unknown = run(url, "user", "disable", "nobody")
    assert (unknown.returncode, unknown.stderr) == (2, "错误：用户“nobody”不存在\n")
    engine.dispose()
    kinds = [
        row
        for row in stored(url, AuditEvent, AuditEvent.username, AuditEvent.kind)
        if "sign_in" not in row[1]
    ]
    assert kinds == [
        ("命令行", "user_added"),
        ("命令行", "role_granted"),
        ("命令行", "role_granted"),
        ("李四", "role_revoked"),
        ("命令行", "password_reset"),
        ("命令行", "user_disabled"),
    ]


def test_the_list_of_users(url):
    run(url, "user", "add", "wang", "--role", "county", "--region", "D1", "--name", "王五", "--password-stdin",
        stdin=PASSWORD)  # fmt: skip
    run(url, "user", "grant", "wang", "--role", "clerk", "--region", "U21")
    run(url, "user", "add", "li", "--role", "staff", "--region", "C", "--password-stdin", stdin=PASSWORD)
    run(url, "user", "disable", "li")
    listed = run(url, "user", "list")
    assert listed.returncode == 0
    # 角色 is as wide as its widest cell: 区县安委办（甲区）、街道（乡镇）填报员（街道U21）,
    # 23 CJK characters (46 columns) and "U21" (3): 49, so its header is followed by 37 + 2 spaces.
    assert listed.stdout.splitlines() == [
        "用户名  姓名  角色（地区）" + " " * 39 + "停用  锁定至  演示账户",
        "li" + " " * 12 + "市局工作人员（测试市）" + " " * 29 + "是" + " " * 12 + "否",
        "wang    王五  区县安委办（甲区）、街道（乡镇）填报员（街道U21）  否" + " " * 12 + "否",
    ]


def test_an_empty_list_says_how_to_add_the_first_administrator(url):
    assert run(url, "user", "list").stdout == "没有用户：请用 python -m oversight user add 新增第一个管理员\n"


def test_the_list_shows_a_lock_only_while_it_holds(url):
    engine = make_engine(url)
    with engine.begin() as connection:
        users.add_user(connection, "wang", PASSWORD, "管理员", dt.datetime(2026, 3, 2))
    for _ in range(5):
        users.authenticate(engine, "wang", "wrong-password", dt.datetime(2026, 3, 2, 9, 0))
    rows = users.users(engine)
    engine.dispose()
    assert user_table(rows, dt.datetime(2026, 3, 2, 9, 14)).splitlines()[1].split() == [
        "wang", "（无）", "否", "2026-03-02", "09:15", "否"
    ]  # fmt: skip
    assert user_table(rows, dt.datetime(2026, 3, 2, 9, 15)).splitlines()[1].split() == [
        "wang",
        "（无）",
        "否",
        "否",
    ]


@pytest.fixture
def trail(url):
    """Three events: wang signs in (3-01 08:00), 李四 grants wang a role in 甲区 (3-02
    09:30), wang fails to sign in (3-03 10:00)."""
    from data_access.audit import Event, record
    from data_access.regions import find_region

    engine = make_engine(url)
    d1 = find_region(engine, "D1")
    for at, user, event in (
        (dt.datetime(2026, 3, 1, 8), "wang", Event("sign_in", "wang")),
        (
            dt.datetime(2026, 3, 2, 9, 30),
            "李四",
            Event("role_granted", "wang", d1.id, after={"role": "county"}),
        ),
        (dt.datetime(2026, 3, 3, 10), "wang", Event("sign_in_failed", "wang", after={"failures": 1})),
    ):
        with engine.begin() as connection:
            record(connection, user, event, at)
    engine.dispose()
    return url


def test_the_audit_trail_as_csv_with_a_header(trail):
    printed = run(trail, "audit")
    assert printed.returncode == 0
    assert list(csv.reader(io.StringIO(printed.stdout))) == [
        ["at", "username", "kind", "subject", "region_code", "region_zh", "before", "after"],
        ["2026-03-03 10:00:00", "wang", "sign_in_failed", "wang", "", "", "", '{"failures": 1}'],
        ["2026-03-02 09:30:00", "李四", "role_granted", "wang", "D1", "甲区", "", '{"role": "county"}'],
        ["2026-03-01 08:00:00", "wang", "sign_in", "wang", "", "", "", ""],
    ]


def test_the_audit_csv_keeps_a_text_that_starts_like_a_formula_a_text(url):
    """A failed sign-in typed as "=HYPERLINK(1)" is the subject and the user of its row: in
    the CSV both start with ' (oversight/spreadsheet_text.py), so Excel shows the text."""
    from data_access.audit import Event, record

    engine = make_engine(url)
    with engine.begin() as connection:
        record(
            connection, "=HYPERLINK(1)", Event("sign_in_failed", "=HYPERLINK(1)"), dt.datetime(2026, 3, 4, 9)
        )
    engine.dispose()
    rows = list(csv.reader(io.StringIO(run(url, "audit").stdout)))
    assert rows[1][:4] == ["2026-03-04 09:00:00", "'=HYPERLINK(1)", "sign_in_failed", "'=HYPERLINK(1)"]


def test_the_audit_trail_as_json_with_its_records_decoded(trail):
    printed = run(trail, "audit", "--format", "json", "--user", "李四")
    assert json.loads(printed.stdout) == [
        {
            "at": "2026-03-02 09:30:00",
            "username": "李四",
            "kind": "role_granted",
            "subject": "wang",
            "region_code": "D1",
            "region_zh": "甲区",
            "before": None,
            "after": {"role": "county"},
        }
    ]


@pytest.mark.parametrize(
    ("args", "subjects"),
    [
        (("--since", "2026-03-02"), ["sign_in_failed", "role_granted"]),
        (("--kind", "sign_in", "--kind", "sign_in_failed"), ["sign_in_failed", "sign_in"]),
        (("--user", "wang", "--since", "2026-03-03"), ["sign_in_failed"]),
        (("--user", "nobody"), []),
    ],
)
def test_the_audit_trail_filtered(trail, args, subjects):
    printed = run(trail, "audit", *args, "--format", "json")
    assert [event["kind"] for event in json.loads(printed.stdout)] == subjects


def test_the_audit_trail_as_a_table(trail):
    lines = run(trail, "audit", "--format", "table", "--user", "李四").stdout.splitlines()
    assert lines[0].split() == [
        "at",
        "username",
        "kind",
        "subject",
        "region_code",
        "region_zh",
        "before",
        "after",
    ]
    assert lines[1].split() == [
        "2026-03-02",
        "09:30:00",
        "李四",
        "role_granted",
        "wang",
        "D1",
        "甲区",
        '{"role":',
        '"county"}',
    ]
    assert run(trail, "audit", "--format", "table", "--user", "nobody").stdout == "没有符合条件的审计记录\n"


def test_a_bad_day_or_kind_is_one_line_in_chinese(trail):
    for args in (("--since", "3月2日"), ("--kind", "deleted")):
        refused = run(trail, "audit", *args)
        assert refused.returncode == 2 and refused.stderr.startswith("错误：命令行参数有误")


def test_the_real_program_adds_a_user_from_standard_input(url):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "oversight",
            "user",
            "add",
            "zhao",
            "--role",
            "admin",
            "--region",
            "C",
            "--password-stdin",
        ],
        cwd=REPO,
        env=os.environ | {"DATABASE_URL": url},
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert (done.returncode, done.stdout) == (0, "已新增用户 zhao：系统管理员（测试市）\n"), done.stderr
    assert PASSWORD not in done.stdout + done.stderr
