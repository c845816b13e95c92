"""The audit page (审计日志) in Chromium, in both languages: the tester (staff and
administrator in every sample city) signs in, which itself leaves the newest row, then
opens the page through the sidebar and narrows it to sign-ins."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.streamlit_page import (
    assert_no_exception,
    click_sidebar_link,
    open_page,
    screenshot,
    wait_for_run,
)

TABLE = ".st-key-audit-results"


def test_the_audit_page_lists_the_sign_in_just_made(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/?city=130100&month=2011-12", ".st-key-overview-summary")
    click_sidebar_link(page, "审计日志", TABLE)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    expect(page.locator(TABLE)).to_be_visible()
    expect(page.get_by_text("下载所显示的记录（CSV）")).to_be_visible()
    screenshot(page, "audit-zh")

    kinds = page.locator(".st-key-audit-kinds")
    kinds.click()
    page.get_by_role("option", name="登录", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_run(page, TABLE)
    expect(page.locator(TABLE)).to_be_visible()
    assert_no_exception(page)


def test_the_audit_page_in_english(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/audit?city=130100&month=2011-12&lang=en", TABLE)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.get_by_text("Download the records shown (CSV)")).to_be_visible()
    screenshot(page, "audit-en")
