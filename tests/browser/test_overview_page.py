"""The overview in Chromium: opened by URL, switched by the sidebar, shown in both languages."""

import re

from playwright.sync_api import Page, expect

from tests.browser.streamlit_page import assert_no_exception, open_page, screenshot, wait_for_run

SUMMARY = ".st-key-overview-summary"


def test_overview_by_url_in_chinese(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/?city=130100&month=2011-12", SUMMARY)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="石家庄市 目标完成情况")).to_be_visible()
    expect(page.locator(SUMMARY)).to_contain_text("0 / 3")
    expect(page.locator(".st-key-programme-SJZ-2008")).to_contain_text(
        "市内五区80%的街道达到国家级安全社区标准"
    )
    screenshot(page, "overview-shijiazhuang-zh")


def test_overview_in_english(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/?city=640200&month=2015-12&lang=en", SUMMARY)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Shizuishan: progress against targets")).to_be_visible()
    expect(page.locator(SUMMARY)).to_contain_text("3 / 5")
    screenshot(page, "overview-dawukou-en")


def test_choosing_a_city_in_the_sidebar_updates_the_page_and_the_link(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/?city=130100", SUMMARY)
    page.locator(".st-key-city").click()
    page.get_by_role("option", name="遂宁市").click()
    wait_for_run(page, ".st-key-programme-SN-2015")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="遂宁市 目标完成情况")).to_be_visible()
    expect(page).to_have_url(re.compile(r"city=510900"))
    screenshot(page, "overview-suining-zh")
