"""The data entry page (数据填报) in Chromium at 1280 px: a template downloaded, filled with
openpyxl as a clerk would, uploaded through the real file chooser, previewed, confirmed,
then seen on the other pages; a bad file shows its problems.

The page writes, so it gets a server and a sample database of its own (the other browser
tests read the shared one's figures).  Worked from the sample programmes (seed 2015), 石家庄市
(130100):

- May 2011: 34 units owe a report, 33 are in; 东华街道 (130103003, 桥东区) is missing.  Its
  template prefills the 33 reports as stored.  Filling 东华街道's row and changing 建北街道's
  (130102001) 安全教育 from 1 to 3 previews 1 new, 1 correction (1 → 3), 32 unchanged; once
  written, the same file previews 34 unchanged, and 建北街道's community page lists the
  correction (May, 第2版, by 张三, with its reason).  (填报情况 judges May's reports as they
  stood at the end of June 2011, before this upload, so it rightly still misses 东华街道.)
- April 2011 (English): 32 reports stored (东华街道 and 裕兴街道 sent none), prefilled in
  the template; 青园街道's (130102002) 志愿者 raised by 5 previews 1 correction and 31
  unchanged (the two blank rows are not reports); written with its reason, the community
  page lists it among its corrections.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from data_access import users
from data_access.engine import make_engine
from tests.browser.streamlit_page import (
    ARTIFACTS,
    REPO,
    assert_no_exception,
    click_sidebar_link,
    open_page,
    screenshot,
    start_streamlit,
    wait_for_run,
)
from tests.conftest import copy_sample
from tests.signing import TESTER, ensure_user

SHOTS = Path("/tmp/shots/upload")
TABS = ".st-key-intake-tab"
FILES = ".st-key-intake-files"
PREVIEW = ".st-key-upload-preview"
PROBLEMS = ".st-key-upload-problems"
CJK = re.compile(r"[\u4e00-\u9fff]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def own_url(sample_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = copy_sample(sample_database, tmp_path_factory.mktemp("intake"))
    for name in ("张三", "Alice"):
        _like_the_tester(database, name)
    with start_streamlit(REPO / "dashboard.py", {"DATABASE_URL": database}, ARTIFACTS) as url:
        yield url


def _like_the_tester(database: str, name: str) -> None:
    """``name`` holding the tester's roles (every county's office, the cities' staff): the
    name a write records is the signed-in user's."""
    engine = make_engine(database)
    try:
        every = users.users(engine)
        grants = every[every["username"] == TESTER][["role", "region_code"]]
        ensure_user(engine, name, [tuple(grant) for grant in grants.values.tolist()])
    finally:
        engine.dispose()


def _open(page: Page, url: str, query: str, user: str = "张三") -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    # A fresh server runs a page's own URL without the entry script until the entry has run.
    open_page(page, f"{url}/?city=130100", ".st-key-overview-summary", user)
    open_page(page, f"{url}/intake?{query}", TABS, user)
    assert_no_exception(page)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, f"intake-{name}"), SHOTS / f"{name}.png")


def _tab(page: Page, label: str, marker: str) -> None:
    page.get_by_role("tab", name=label).click()
    page.wait_for_selector(marker)


def _download_template(page: Page):
    with page.expect_download() as download:
        page.locator(".st-key-intake-monthly-template").get_by_role("button").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    return load_workbook(io.BytesIO(download.value.path().read_bytes()))


def _row(sheet, name: str) -> int:
    return next(row[0].row for row in sheet.iter_rows(min_row=2) if row[1].value == name)


def _put(sheet, row: int, values: dict) -> None:
    headers = {cell.value: cell.column for cell in sheet[1]}
    for header, value in values.items():
        sheet.cell(row, headers[header]).value = value


def _bytes(book) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _upload(page: Page, name: str, content: bytes, marker: str) -> None:
    page.locator(FILES).locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": content}]
    )
    wait_for_run(page, marker)
    assert_no_exception(page)


DONGHUA = {
    "安全教育（次）": 2,
    "安全培训（次）": 1,
    "应急演练（次）": 1,
    "综合检查（次）": 3,
    "发现隐患（项）": 4,
    "整改隐患（项）": 3,
    "志愿者（人）": 120,
    "绩效评审（次）": 0,
    "居民参与率（%）": 75,
    "居民满意度（%）": 88.5,
    "资金支出（元）": 2000,
    "补助到位（元）": 0,
    "工作进展": "开展入户安全宣传",
}


def test_upload_in_chinese_previews_writes_and_shows_on_reporting(page: Page, own_url: str):
    _open(page, own_url, "city=130100&month=2011-05")
    _shot(page, "templates-zh")
    book = _download_template(page)
    sheet = book["月报"]
    _put(sheet, _row(sheet, "东华街道"), DONGHUA)
    _put(sheet, _row(sheet, "建北街道"), {"安全教育（次）": 3})
    content = _bytes(book)

    _tab(page, "上传工作簿", FILES)
    _upload(page, "石家庄5月.xlsx", content, PREVIEW)
    expect(page.get_by_text("新增 1 条，更正 1 条，未变 32 条。")).to_be_visible()
    _shot(page, "preview-zh")

    # A correction needs its reason: nothing is written without it.
    page.locator(".st-key-upload-confirm").get_by_role("button").click()
    wait_for_run(page, PREVIEW)
    expect(page.get_by_text("本次含有更正，请填写更正原因。")).to_be_visible()
    page.locator(".st-key-upload-reason").locator("input").fill("建北街道安全教育次数录入有误")
    page.locator(".st-key-upload-reason").locator("input").press("Enter")
    wait_for_run(page, PREVIEW)
    page.locator(".st-key-upload-confirm").get_by_role("button").click()
    wait_for_run(page, PREVIEW)
    assert_no_exception(page)
    expect(page.get_by_text("已写入。新增月报 1 份，更正 1 份，未变 32 份。")).to_be_visible()
    # The same file again, at the rerun after writing: nothing left to write.
    expect(page.get_by_text("新增 0 条，更正 0 条，未变 34 条。")).to_be_visible()
    expect(page.get_by_text("所有记录与已保存的完全相同，无需写入。")).to_be_visible()
    _shot(page, "written-zh")

    open_page(
        page,
        f"{own_url}/community?city=130100&month=2011-05&unit=130102001&section=reports",
        ".st-key-community-corrections",
    )
    corrections = page.locator(".st-key-community-corrections")
    for text in ("2011年5月", "第2版", "张三", "建北街道安全教育次数录入有误"):
        expect(corrections).to_contain_text(text)
    _shot(page, "community-zh")


@pytest.mark.parametrize(
    ("lang", "tab", "header"),
    [
        ("zh", "上传工作簿", "发现 2 个问题，未写入任何内容"),
        ("en", "Upload workbooks", "Problems found: 2. Nothing was written"),
    ],
)
def test_a_bad_file_lists_its_problems_and_writes_nothing(
    page: Page, own_url: str, lang: str, tab: str, header: str
):
    _open(page, own_url, "city=130100&month=2011-03" + ("&lang=en" if lang == "en" else ""))
    book = _download_template(page)
    sheet = book["月报"]
    _put(sheet, _row(sheet, "建北街道"), {"居民参与率（%）": 120, "安全培训（次）": "三"})
    _tab(page, tab, FILES)
    _upload(page, "坏文件.xlsx", _bytes(book), PROBLEMS)
    expect(page.get_by_text(header)).to_be_visible()
    expect(page.locator(".st-key-upload-marked").get_by_role("button")).to_be_visible()
    expect(page.locator(PREVIEW)).to_have_count(0)
    _shot(page, f"problems-{lang}")
    with page.expect_download() as download:
        page.locator(".st-key-upload-marked").get_by_role("button").click()
    marked = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert marked.sheetnames[0] != "月报"  # the problem list comes first


def test_upload_in_english_reads_english_and_the_correction_reaches_the_community_page(
    page: Page, own_url: str
):
    _open(page, own_url, "city=130100&month=2011-04&lang=en", "Alice")
    book = _download_template(page)
    sheet = book["月报"]
    row = _row(sheet, "青园街道")
    volunteers = sheet.cell(row, [c.value for c in sheet[1]].index("志愿者（人）") + 1)
    before = volunteers.value
    volunteers.value = before + 5
    _tab(page, "Upload workbooks", FILES)
    _upload(page, "april.xlsx", _bytes(book), PREVIEW)
    expect(page.get_by_text("New: 0; corrections: 1; unchanged: 31.")).to_be_visible()
    # The grid (drawn on a canvas) holds the workbook's own Chinese headers and names;
    # everything the page says around it is English.
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert not CJK.findall(main), CJK.findall(main)
    _shot(page, "preview-en")
    page.locator(".st-key-upload-reason").locator("input").fill("Volunteers miscounted")
    page.locator(".st-key-upload-reason").locator("input").press("Enter")
    wait_for_run(page, PREVIEW)
    page.locator(".st-key-upload-confirm").get_by_role("button").click()
    wait_for_run(page, PREVIEW)
    expect(page.get_by_text("Written. New reports: 0; corrected: 1; unchanged: 31.")).to_be_visible()
    _shot(page, "written-en")

    open_page(
        page,
        f"{own_url}/community?city=130100&month=2011-04&unit=130102002&section=reports&lang=en",
        ".st-key-community-corrections",
    )
    corrections = page.locator(".st-key-community-corrections")
    expect(corrections).to_contain_text("Alice")
    expect(corrections).to_contain_text("Volunteers miscounted")
    expect(corrections).to_contain_text(str(before + 5))


def test_stage_forms_show_their_checks_message(page: Page, own_url: str):
    _open(page, own_url, "city=130100&month=2011-05")
    _tab(page, "阶段、审核与命名", ".st-key-intake-record-kind")
    _shot(page, "stages-zh")
    page.locator(".st-key-intake-record-kind").get_by_text("撤销命名").click()
    wait_for_run(page, ".st-key-intake-record-kind")
    form = page.locator('[data-testid="stForm"]')
    form.get_by_label("证书编号").fill("不存在的证书")
    form.get_by_label("撤销原因").fill("复评未通过")
    form.get_by_role("button", name="登记", exact=True).click()
    wait_for_run(page, ".st-key-intake-record-kind")
    # Refused as another city's certificate would be: neither "no such" nor "not yours".
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text(
        "您没有查看或办理这项内容的权限。"
    )
    _shot(page, "revocation-refused-zh")
    click_sidebar_link(page, "总览", ".st-key-overview-summary")


FORM_SHOTS = Path("/tmp/shots/form")


def test_in_english_the_setup_template_downloads_and_a_refusal_reads_english(page: Page, own_url: str):
    """The templates tab offers the setup workbook (地区与单位设置模板.xlsx, first sheet
    地区与单位); a revocation of a certificate nobody holds is refused in English, as one
    outside the user's scope would be."""
    _open(page, own_url, "city=130100&month=2011-05&lang=en", "Alice")
    expect(page.get_by_text("Setup template (a new city)")).to_be_visible()
    FORM_SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(screenshot(page, "intake-templates-en"), FORM_SHOTS / "templates-en.png")
    with page.expect_download() as download:
        page.locator(".st-key-intake-setup-template").get_by_role("button").click()
    assert download.value.suggested_filename == "地区与单位设置模板.xlsx"
    setup = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    assert setup.sheetnames[0] == "地区与单位"

    _tab(page, "Stages, reviews and titles", ".st-key-intake-record-kind")
    page.locator(".st-key-intake-record-kind").get_by_text("Revocation").click()
    wait_for_run(page, ".st-key-intake-record-kind")
    form = page.locator('[data-testid="stForm"]')
    form.get_by_label("Certificate number").fill("NO-SUCH-1")
    form.get_by_label("Reason for the revocation").fill("Failed re-evaluation")
    form.get_by_role("button", name="Record", exact=True).click()
    wait_for_run(page, ".st-key-intake-record-kind")
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("You are not allowed to see or do this.")
    assert not CJK.findall(error.inner_text()), error.inner_text()
    shutil.copy(screenshot(page, "intake-revocation-refused-en"), FORM_SHOTS / "revocation-refused-en.png")
