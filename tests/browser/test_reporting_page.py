"""The reporting status page (填报情况) in Chromium at 1280 px, in Chinese and in English.

Expected figures from the sample programmes (seed 2015): in 石家庄市, viewed in June 2011,
May's reports: 34 owed, 33 in, 31 on time, 2 late; 东华街道 (桥东区) is the one missing,
20 days after the deadline of 2011-06-10 at the end of June, and 桥东区, with that missing
report, is the county whose units the page opens first.
"""

import re

from playwright.sync_api import Page, expect

from tests.browser.streamlit_page import (
    assert_no_exception,
    click_sidebar_link,
    open_page,
    screenshot,
    wait_for_run,
)
from tests.browser.test_layout_widths import _SETTLED_JS, cut_texts

UNITS = ".st-key-reporting-units"
CHASE = ".st-key-reporting-chase"
RATES = ".st-key-reporting-rates"
CHART = '[data-testid="stVegaLiteChart"]'
SJZ_JUNE = "reporting?city=130100&month=2011-06"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_reporting_in_chinese_at_1280(page: Page, dashboard_url: str):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{dashboard_url}/{SJZ_JUNE}", UNITS)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="石家庄市 填报情况")).to_be_visible()
    figures = page.locator(".st-key-reporting-figures")
    for label, value in (("应报", "34"), ("已报送", "33"), ("按时", "31"), ("迟报", "2"), ("缺报", "1")):
        expect(figures).to_contain_text(label)
        expect(figures).to_contain_text(value)
    chase = page.locator(CHASE)
    expect(chase).to_contain_text("东华街道")
    expect(chase).to_contain_text("桥东区")
    expect(chase).to_contain_text("2011年6月10日")
    expect(page.locator(RATES).locator(CHART)).to_be_visible()
    expect(page.locator(UNITS)).to_contain_text("桥东区：6 个单位")
    expect(page.locator(UNITS).locator(CHART)).to_be_visible()
    page.locator(".st-key-reporting-rule").click()
    expect(page.locator(".st-key-reporting-rule")).to_contain_text("次月的截止日（10日）24时前")
    assert cut_texts(page, 1280, own_tables=True) == []
    screenshot(page, "reporting-shijiazhuang-zh")


def test_reporting_in_english_at_1280_reads_english_only(page: Page, dashboard_url: str):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{dashboard_url}/{SJZ_JUNE}&lang=en", UNITS)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Reporting status — Shijiazhuang")).to_be_visible()
    expect(page.locator(CHASE)).to_contain_text("Donghua Subdistrict")
    expect(page.locator(CHASE)).to_contain_text("Qiaodong District")
    page.locator(".st-key-reporting-measure").get_by_text("Timeliness").click()
    wait_for_run(page, UNITS)
    expect(page.locator(RATES).locator(CHART)).to_be_visible()
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert not CJK.findall(main), CJK.findall(main)
    assert cut_texts(page, 1280, own_tables=True) == []
    screenshot(page, "reporting-shijiazhuang-en")


def test_reporting_by_the_sidebar_and_another_county(page: Page, dashboard_url: str):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{dashboard_url}/?city=130100&month=2011-06", ".st-key-overview-summary")
    click_sidebar_link(page, "填报情况", UNITS)
    assert_no_exception(page)
    expect(page).to_have_url(re.compile(r"/reporting\?.*city=130100"))
    # Scrolled to first: the list a click opens closes again as the page scrolls to it.
    chooser = page.locator(".st-key-reporting-county")
    chooser.scroll_into_view_if_needed()
    page.evaluate(_SETTLED_JS)
    chooser.click()
    page.get_by_role("option", name="长安区").click()
    wait_for_run(page, UNITS)
    expect(page.locator(UNITS)).to_contain_text("长安区：")
    assert_no_exception(page)
    screenshot(page, "reporting-changan-zh")
