"""``python -m oversight circular``, run as the monthly job would run it, on the ranking
fixture's six streets (tests/fixture_ranking.py: February 2021, A1 100.00 first, B3 95.31
second, A3 and B2 vetoed).  B3's February report corrected to give its satisfaction rate
makes B3 100.00 (the fixture's working with reporting 100)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from data_access.circulars import circular_file, issued, store_office
from data_access.engine import make_engine
from data_access.regions import find_region
from oversight.access import Scope
from oversight.circular.pdf import pdf_available
from tests.commands.command import oversight, oversight_process
from tests.data_access.conftest import programme_id
from tests.fixture_ranking import _report
from tests.writing import correct_report

FEB = dt.date(2021, 2, 1)
STEM = "测评市2021年2月安全社区建设通报"


def _run(url: str, *args: str):
    return oversight(url, "circular", *args)


def _cells(path: Path) -> list[list]:
    book = load_workbook(path)
    return [[cell.value for cell in row] for sheet in book.worksheets for row in sheet.iter_rows()]


def test_a_draft_is_written_and_the_ranking_printed(fixture_url, tmp_path):
    out = tmp_path / "draft"
    done = oversight_process(
        fixture_url, "circular", "--month", "2021-02", "--region", "测评市", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    stem = f"{STEM}（草稿）"
    written = sorted(path.name for path in out.iterdir())
    expected = [f"{stem}.docx", f"{stem}.xlsx"] + ([f"{stem}.pdf"] if pdf_available() else [])
    assert written == sorted(expected)
    assert "草稿（尚未印发）" in done.stdout
    lines = [line.split() for line in done.stdout.splitlines()]
    units = {line[1]: line for line in lines if len(line) > 4 and line[1].startswith("街道")}
    assert units["街道A1"][:5] == ["1", "街道A1", "甲县", "1", "100"]
    assert units["街道B3"][:5] == ["2", "街道B3", "乙县", "1", "95.31"]
    if not pdf_available():
        assert "未生成 PDF：本机没有安装 LibreOffice" in done.stdout


def test_issue_then_write_the_issued_bytes_until_a_draft_is_asked_for(fixture_url, tmp_path):
    refused = _run(fixture_url, "--month", "2021-02", "--region", "RC", "--out", str(tmp_path), "--issue")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "错误：测评市 还没有登记发文机关：第一次印发请用 --office 和 --abbreviation 给出发文机关名称和"
        "发文字号代字（如 --office 遂宁市安全生产监督管理局 --abbreviation 遂安监通）"
    )
    engine = make_engine(fixture_url)
    region = find_region(engine, "RC")
    store_office(engine, region, "测评市安全生产监督管理局", "测安监通", scope=Scope.command_line())

    first = tmp_path / "first"
    done = _run(
        fixture_url,
        "--month",
        "2021-02",
        "--region",
        "测评市",
        "--out",
        str(first),
        "--issue",
        "--issued-by",
        "王五",
    )
    assert done.returncode == 0, done.stderr
    record = issued(engine, region, programme_id(engine, "RK"), FEB)
    number = f"测安监通〔{dt.date.today().year}〕1号"
    assert (record.number, record.issued_by, record.issued_on) == (number, "王五", dt.date.today())
    assert f"已印发 {number}" in done.stdout
    stem = f"{STEM}（{number}）"
    for kind in ("xlsx", "docx"):
        assert (first / f"{stem}.{kind}").read_bytes() == circular_file(engine, record.id, kind)
    if pdf_available():
        assert (first / f"{stem}.pdf").read_bytes() == circular_file(engine, record.id, "pdf")

    again = _run(fixture_url, "--month", "2021-02", "--region", "测评市", "--out", str(first), "--issue")
    assert again.returncode == 2
    assert f"已印发（{number}）" in again.stderr

    # A correction arrives: the issued files stay; a draft shows it.
    correct_report(engine, _report("B3", FEB, dt.datetime(2021, 3, 20, 9), inspections=1), "补填满意度")
    later = tmp_path / "later"
    done = _run(fixture_url, "--month", "2021-02", "--region", "测评市", "--out", str(later))
    assert done.returncode == 0, done.stderr
    assert "逐字节相同" in done.stdout
    for kind in ("xlsx", "docx") + (("pdf",) if pdf_available() else ()):
        assert (later / f"{stem}.{kind}").read_bytes() == (first / f"{stem}.{kind}").read_bytes()
    assert "95.31" in done.stdout

    draft = tmp_path / "draft"
    done = _run(fixture_url, "--month", "2021-02", "--region", "测评市", "--out", str(draft), "--draft")
    assert done.returncode == 0, done.stderr
    assert "草稿（已印发的月份，按现有数据重新计算）" in done.stdout
    b3 = next(line.split() for line in done.stdout.splitlines() if "街道B3" in line)
    assert b3[4] == "100"
    issued_cells = _cells(first / f"{stem}.xlsx")
    draft_cells = _cells(draft / f"{STEM}（草稿）.xlsx")
    assert any(95.31 in row for row in issued_cells)
    assert not any(95.31 in row for row in draft_cells)
    engine.dispose()


def test_a_scheduled_job_registers_the_office_at_its_first_issue(fixture_url, tmp_path):
    args = ("--month", "2021-02", "--region", "测评市", "--out", str(tmp_path), "--issue")
    office = ("--office", "测评市安全生产监督管理局", "--abbreviation", "测安监通")
    done = _run(fixture_url, *args, *office)
    assert done.returncode == 0, done.stderr
    assert f"已印发 测安监通〔{dt.date.today().year}〕1号" in done.stdout
    engine = make_engine(fixture_url)
    region = find_region(engine, "RC")
    record = issued(engine, region, programme_id(engine, "RK"), FEB)
    assert record.number == f"测安监通〔{dt.date.today().year}〕1号"
    engine.dispose()
    # The office is stored once; naming another later is refused, not silently ignored.
    again = _run(
        fixture_url,
        "--month",
        "2021-03",
        "--region",
        "测评市",
        "--out",
        str(tmp_path),
        "--issue",
        "--office",
        "别的机关",
        "--abbreviation",
        "别",
    )
    assert again.returncode == 2
    assert (
        "测评市 已登记发文机关 测评市安全生产监督管理局（代字 测安监通），不能用 --office / --abbreviation 更改"
        in (again.stderr)
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2021-13", "--region", "测评市"], "月份须为 YYYY-MM 格式，如 2015-09，收到 '2021-13'"),
        (["--month", "2021-02", "--region", "火星市"], "未找到地区 '火星市'"),
        (["--month", "2021-02", "--region", "A1"], "街道A1 不是城市或区县"),
        (
            ["--month", "2020-12", "--region", "测评市"],
            "2020年12月不在创建方案 RK 的期间（2021年1月至2021年12月）内",
        ),
        (
            ["--month", "2021-02", "--region", "测评市", "--programme", "XX"],
            "测评市 没有编码为 'XX' 的创建方案",
        ),
        (["--month", "2021-02", "--region", "测评市", "--issue", "--draft"], "not allowed with argument"),
    ],
    ids=[
        "bad month",
        "unknown region",
        "a unit",
        "outside the programme",
        "unknown programme",
        "issue and draft",
    ],
)
def test_bad_input_is_one_chinese_line_and_status_2(fixture_url, tmp_path, args, message):
    done = _run(fixture_url, *args, "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.startswith("错误：") and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
