"""The district page in Chromium: reached by the sidebar and the county chooser, opened by
URL, in both languages, before a programme starts and after it ends."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.streamlit_page import (
    SIDEBAR_LINK,
    assert_no_exception,
    click_sidebar_link,
    open_page,
    screenshot,
    wait_for_run,
)

SUMMARY = ".st-key-district-summary"
CHOOSER = ".st-key-district-chooser"


@pytest.fixture
def warm(page: Page, dashboard_url: str) -> str:
    """The dashboard after one run of its entry script.

    Streamlit runs the first session of a fresh server in its old "pages/ folder" mode
    until ``st.navigation`` has been called once: a page's own URL would then run the
    page without the sidebar filters.  Opening the home page first avoids that here.
    """
    open_page(page, f"{dashboard_url}/?city=130100&month=2009-06", SIDEBAR_LINK)
    return dashboard_url


def test_district_by_the_sidebar_and_the_county_chooser(page: Page, warm: str):
    click_sidebar_link(page, "区县进度", CHOOSER)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="石家庄市 区县创建进度")).to_be_visible()
    screenshot(page, "district-chooser-shijiazhuang-zh")
    page.locator(".st-key-district-choose-130103 button").click()
    wait_for_run(page, SUMMARY)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="桥东区 创建进度")).to_be_visible()
    expect(page).to_have_url(re.compile(r"county=130103"))
    # 彭后 and 东风, the pilots, had not self-assessed by the end of the 2008 评估 stage.
    expect(page.locator(".st-key-district-overdue-SJZ-2008")).to_be_visible()
    expect(
        page.locator(
            ".st-key-district-timeline-SJZ-2008 canvas, .st-key-district-timeline-SJZ-2008 svg"
        ).first
    ).to_be_visible()
    screenshot(page, "district-qiaodong-2009-06-zh")


def test_district_by_url_with_overdue_pilots(page: Page, warm: str):
    open_page(page, f"{warm}/district?city=640200&county=640202&month=2012-06", SUMMARY)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="大武口区 创建进度")).to_be_visible()
    expect(page.locator(".st-key-district-overdue-DWK-2011")).to_contain_text("青山街道")
    expect(page.locator(".st-key-district-subsidy")).to_contain_text("20万元")
    screenshot(page, "district-dawukou-2012-06-zh")


def test_district_in_english_after_the_programme_ended(page: Page, warm: str):
    open_page(page, f"{warm}/district?city=510900&county=510991&month=2016-02&lang=en", SUMMARY)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Suining Economic Development Zone: progress")).to_be_visible()
    expect(page.locator(".st-key-district-timeline-SN-2015")).to_contain_text("ended on 2015-12-31")
    screenshot(page, "district-guokai-2016-02-en")


def test_district_before_the_programme_starts(page: Page, warm: str):
    open_page(page, f"{warm}/district?city=640200&county=640202&month=2010-12", SUMMARY)
    assert_no_exception(page)
    expect(page.locator(".st-key-district-timeline-DWK-2011")).to_contain_text("尚无进度")
    screenshot(page, "district-dawukou-2010-12-zh")
