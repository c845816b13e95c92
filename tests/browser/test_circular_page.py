"""The monthly circular (月度通报) and the archive (通报存档) in Chromium, on the sample:
遂宁市 issued its 2015 circulars on the 8th of each next month (遂安监通〔2015〕1号 for
January … 〔2016〕1号 for December), and corrected July's on 2015-08-12 (〔2015〕8号
supersedes 〔2015〕7号), so September's is 遂安监通〔2015〕10号."""

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.streamlit_page import (
    assert_no_exception,
    click_sidebar_link,
    open_page,
    screenshot,
    wait_for_run,
)

DOWNLOADS = ".st-key-circular-downloads"
SEPTEMBER = "circular?city=510900&month=2015-09"


def test_the_preview_of_an_issued_month(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SEPTEMBER}", DOWNLOADS)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="遂宁市 2015年9月月度通报")).to_be_visible()
    expect(page.get_by_text(re.compile("本月通报已印发：遂安监通〔2015〕10号"))).to_be_visible()
    ranking = page.locator(".st-key-circular-ranking")
    expect(ranking).to_contain_text("育才路街道")
    expect(ranking).to_contain_text("红榜")
    expect(
        page.locator(".st-key-circular-overview").locator('[data-testid="stVegaLiteChart"]')
    ).to_be_visible()
    screenshot(page, "circular-september-zh")


def test_an_explanation_of_a_county(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SEPTEMBER}", DOWNLOADS)
    explain = page.locator(".st-key-circular-explain")
    page.locator(".st-key-circular-explain-510900-3-2015-09").click()
    page.keyboard.type("区县 1.")  # the list is long: filter it to the first county
    page.get_by_role("option", name=re.compile(r"^区县 1\. ")).click()
    wait_for_run(page, DOWNLOADS)
    assert_no_exception(page)
    expect(explain).to_contain_text("单位平均分")
    expect(explain).to_contain_text("如何进入上一等级")
    screenshot(page, "circular-explain-county-zh")


def test_a_download_through_the_real_button_is_the_stored_workbook(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SEPTEMBER}", DOWNLOADS)
    contents = []
    for _ in range(2):
        with page.expect_download() as download:
            page.locator(DOWNLOADS).get_by_role("button", name="下载 Excel").click()
        assert (
            download.value.suggested_filename
            == "遂宁市2015年9月安全社区建设通报（遂安监通〔2015〕10号）.xlsx"
        )
        contents.append(Path(download.value.path()).read_bytes())
    assert contents[0] == contents[1]
    book = load_workbook(io.BytesIO(contents[0]))
    cells = [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert "育才路街道" in cells


def test_the_archive_and_a_correction_in_english(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SEPTEMBER}&lang=en", DOWNLOADS)
    click_sidebar_link(page, "Circular archive", ".st-key-archive-detail")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Circular archive · Suining")).to_be_visible()
    table = page.locator(".st-key-archive-table")
    expect(table.locator("tbody tr")).to_have_count(13)
    expect(table.locator("tbody tr").first).to_contain_text("遂安监通〔2016〕1号")
    detail = page.locator(".st-key-archive-detail")
    page.locator(".st-key-archive-choice").click()
    page.get_by_role("option", name="遂安监通〔2015〕8号 · Jul 2015 (version 2)").click()
    wait_for_run(page, ".st-key-archive-detail")
    expect(detail).to_contain_text("Reason for correction")
    expect(
        page.get_by_role("heading", name=re.compile("This correction against 遂安监通〔2015〕7号"))
    ).to_be_visible()
    expect(page.locator(".st-key-archive-changes")).to_contain_text("Problems")
    screenshot(page, "circular-archive-en")
