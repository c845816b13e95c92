"""The community page in Chromium: opened by URL (``?unit=``), through the sidebar and its
chooser, in both languages, and with an unknown code.

Names come from the sample programmes (seed 2015): 640202001 is 朝阳街道 in 大武口区,
named a national safe community on 2011-12-28; its December 2015 report was corrected on
2016-01-13 ("补报一次居民安全教育活动"; which reports are corrected is drawn at random, 3% of
them, so this changes with the story in sample_data/seeds.py).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.streamlit_page import (
    assert_no_exception,
    click_sidebar_link,
    open_page,
    screenshot,
    wait_for_run,
)

PROFILE = ".st-key-community-profile"
CHOOSER = ".st-key-community-chooser"
CHART = '[data-testid="stVegaLiteChart"]'
SECTIONS = ".st-key-community-sections"


@pytest.fixture
def warm(page: Page, dashboard_url: str) -> str:
    """The dashboard after one run of its entry page.

    On a fresh server Streamlit routes a first request for ``/community`` straight to
    ``pages/community.py`` (the old ``pages/`` folder convention) without running
    ``dashboard.py``; once the entry script has run, ``st.navigation`` takes over.
    """
    open_page(page, f"{dashboard_url}/?city=640200&month=2015-12", ".st-key-overview-summary")
    return dashboard_url


def _show(page: Page, label: str, marker: str) -> None:
    """Click the part of the record named ``label`` and wait until it is drawn."""
    page.locator(SECTIONS).get_by_role("radio", name=label).click()
    wait_for_run(page, marker)
    assert_no_exception(page)


def test_by_url_in_chinese(page: Page, warm: str):
    open_page(
        page, f"{warm}/community?city=640200&month=2015-12&unit=640202001", ".st-key-community-activities"
    )
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="朝阳街道")).to_be_visible()
    profile = page.locator(PROFILE)
    expect(profile).to_contain_text("大武口区")
    expect(profile).to_contain_text("全国安全社区-2011-001")
    expect(profile).to_contain_text("国际安全社区")
    expect(page.locator(".st-key-community-stages").locator(CHART)).to_be_visible()
    # The record one part at a time, activities against the minimums first; the others are
    # named above it, to be opened.
    expect(page.locator(SECTIONS)).to_contain_text("一次显示一栏")
    expect(page.locator(".st-key-community-activities").locator(CHART)).to_have_count(3)
    expect(page.locator(".st-key-community-activities")).to_contain_text("综合性安全检查")
    expect(page.locator(".st-key-community-reports")).to_have_count(0)
    screenshot(page, "community-chaoyang-zh")

    _show(page, "自评等级", ".st-key-community-grades")
    expect(page.locator(".st-key-community-grades").locator(CHART)).to_be_visible()
    expect(page.locator(".st-key-community-activities")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"section=grades"))
    _show(page, "月报与更正", ".st-key-community-reports")
    expect(page.locator(".st-key-community-reports")).to_contain_text("补报一次居民安全教育活动")
    expect(page).to_have_url(re.compile(r"section=reports"))
    screenshot(page, "community-chaoyang-reports-zh")

    page.reload()  # the URL keeps the part shown
    wait_for_run(page, ".st-key-community-reports")
    assert_no_exception(page)


def test_a_bare_unit_link(page: Page, warm: str):
    """``?unit=`` alone: the sidebar keeps its own city, and the page says the unit lies outside it."""
    open_page(page, f"{warm}/community?unit=640202001", PROFILE)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="朝阳街道")).to_be_visible()
    expect(page.get_by_role("combobox", name="选择社区（街道、乡镇）")).to_have_value("朝阳街道（大武口区）")
    expect(page.get_by_text("朝阳街道不在侧栏所选的石家庄市范围内")).to_be_visible()
    screenshot(page, "community-bare-link-zh")


def test_by_the_sidebar_and_the_chooser(page: Page, warm: str):
    open_page(page, f"{warm}/?city=640200&month=2013-06", ".st-key-overview-summary")
    click_sidebar_link(page, "社区详情", CHOOSER)
    assert_no_exception(page)
    expect(page.locator(CHOOSER)).to_be_visible()
    page.locator(".st-key-community-unit").click()
    page.get_by_role("option", name="人民路街道（大武口区）").click()
    wait_for_run(page, ".st-key-community-activities")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="人民路街道")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/community\?.*unit=640202002"))
    expect(page).to_have_url(re.compile(r"month=2013-06"))
    screenshot(page, "community-chooser-zh")

    page.get_by_text("返回总览").click()
    wait_for_run(page, ".st-key-overview-summary")
    expect(page).to_have_url(re.compile(r"month=2013-06"))
    expect(page).not_to_have_url(re.compile(r"unit="))


def test_in_english(page: Page, warm: str):
    open_page(
        page,
        f"{warm}/community?city=640200&month=2014-06&unit=640202003&lang=en",
        ".st-key-community-activities",
    )
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Community drill-down")).to_be_visible()
    expect(page.get_by_role("heading", name="Qingshan")).to_be_visible()
    expect(page.locator(SECTIONS)).to_contain_text("shown one at a time")
    _show(page, "Accidents and injuries", ".st-key-community-outcomes")
    expect(page.locator(".st-key-community-outcomes")).to_contain_text("2014, year on year")
    screenshot(page, "community-qingshan-en")


def test_an_unknown_code(page: Page, warm: str):
    open_page(page, f"{warm}/community?city=640200&unit=NOPE", CHOOSER)
    assert_no_exception(page)
    expect(
        page.get_by_text("链接中的社区编码 NOPE 不存在或不在您的查看范围内。请从下面的列表中选择一个社区。")
    ).to_be_visible()
    screenshot(page, "community-unknown-zh")
