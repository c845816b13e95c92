"""The command line, run as a user would: through ``python -m oversight`` (the documented
entry, which hands over to ``commands``); the database set up and the first table printed
by the real program, the other cases by its ``main`` in this process (tests/commands/command.py)."""

import csv
import io
import json
import subprocess

import pytest

from tests.commands.command import oversight, oversight_process


def _run(*args: str, url: str) -> subprocess.CompletedProcess:
    return oversight(url, *args)


def _process(*args: str, url: str) -> subprocess.CompletedProcess:
    return oversight_process(url, *args)


@pytest.fixture(scope="module")
def suining_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli')}/cli.db"
    assert _process("init", url=url).returncode == 0
    loaded = _process("sample", "--scenario", "suining", url=url)
    assert loaded.returncode == 0, loaded.stderr
    assert "suining：84 份月报" in loaded.stdout
    assert "演示账户：leader、admin（密码见 docs/access.md）" in loaded.stdout
    return url


def test_progress_csv_for_a_city(suining_url):
    result = _process("progress", "--as-of", "2015-12-31", "--region", "遂宁市", url=suining_url)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    city = [r for r in rows if r["target"] == "T1" and r["role"] == "scope"]
    assert (city[0]["required"], city[0]["achieved"], city[0]["met"]) == ("7.0", "6.0", "False")
    budget = next(r for r in rows if r["target"] == "T2")
    assert (budget["required"], budget["achieved"], budget["met"]) == ("1050000.0", "1050000.0", "True")
    assert budget["description"] == "省安监局105万元补助资金年初全部划拨到各区县"


def test_progress_json_in_english_for_one_county(suining_url):
    result = _run(
        "progress",
        "--as-of",
        "2015-12-31",
        "--region",
        "国开区",
        "--format",
        "json",
        "--lang",
        "en",
        url=suining_url,
    )
    rows = json.loads(result.stdout)
    assert [(r["target"], r["region"], r["met"]) for r in rows] == [
        ("T1", "Suining Economic Development Zone", False)
    ]


def test_unknown_region_is_an_error(suining_url):
    result = _run("progress", "--as-of", "2015-12-31", "--region", "火星市", url=suining_url)
    assert result.returncode == 2
    assert "未找到地区 '火星市'" in result.stderr


def test_unreachable_database_is_an_error():
    result = _run("progress", "--as-of", "2015-12-31", url="postgresql+psycopg://nobody:pw@127.0.0.1:1/none")
    assert result.returncode == 2
    assert "无法使用数据库 postgresql+psycopg://nobody:***@127.0.0.1:1/none" in result.stderr
    assert "Traceback" not in result.stderr


def test_unsupported_database_url_is_an_error():
    result = _run("init", url="mysql://x@localhost/db")
    assert result.returncode == 2
    assert "只支持 sqlite" in result.stderr


def test_uninitialised_database_is_an_error(tmp_path):
    result = _run("progress", "--as-of", "2015-12-31", url=f"sqlite:///{tmp_path}/empty.db")
    assert result.returncode == 2
    assert "python -m oversight init" in result.stderr


def test_bad_date_is_an_error(suining_url):
    result = _run("progress", "--as-of", "2015-13-01", url=suining_url)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_a_mistyped_option_is_one_line_in_chinese(suining_url):
    result = _run("progress", "--as-of", "2015-12-31", "--format", "xml", url=suining_url)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "错误：命令行参数有误：argument --format: invalid choice: 'xml' (choose from 'csv', 'json')"
        "；用法见 python -m oversight progress --help"
    ]


def test_province_options_go_together(suining_url):
    result = _run("sample", "--units", "10", url=suining_url)
    assert result.returncode == 2
    assert "--units 与 --months 须同时给出" in result.stderr


def test_the_sample_comes_with_the_demo_accounts_of_its_regions(suining_url):
    """Suining alone: the leader and the administrator, each in 遂宁市 (sample_data/accounts.py)."""
    listed = _run("user", "list", url=suining_url)
    assert [line.split()[:3] for line in listed.stdout.splitlines()[1:]] == [
        ["admin", "演示·系统管理员", "系统管理员（遂宁市）"],
        ["leader", "演示·市领导", "市领导（遂宁市）"],
    ]
    assert all(line.split()[-1] == "是" for line in listed.stdout.splitlines()[1:])
