"""The indicator heatmap in Chromium: opened by the sidebar and by URL, its views switched,
and a unit opened from the chart and from the unit list.

Expected names come from the sample programmes (seed 2015): in 石家庄市 in June 2011
建北街道 heads the unit list (a composite of 100.0, first by code).
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

GRID = ".st-key-heatmap-grid"
UNITS = ".st-key-heatmap-units"
COMMUNITY = ".st-key-community-profile"
CHART = '[data-testid="stVegaLiteChart"]'
SJZ_JUNE = "heatmap?city=130100&month=2011-06"


def test_heatmap_by_url_in_chinese(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SJZ_JUNE}", UNITS)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="石家庄市 指标热力图")).to_be_visible()
    summary = page.locator(".st-key-heatmap-summary")
    expect(summary).to_contain_text("参创单位")
    expect(summary).to_contain_text("34")
    expect(page.locator(".st-key-heatmap-violations")).to_contain_text("居民安全满意度大于80%")
    screenshot(page, "heatmap-shijiazhuang-zh")


def test_heatmap_by_the_sidebar(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/?city=510900&month=2015-12", ".st-key-overview-summary")
    click_sidebar_link(page, "指标热力图", UNITS)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="遂宁市 指标热力图")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/heatmap\?.*city=510900"))
    expect(page.locator(GRID).locator(CHART)).to_be_visible()
    screenshot(page, "heatmap-suining-zh")


def test_all_45_items_with_hard_rules_failed(page: Page, dashboard_url: str):
    # April 2010: fourteen hard rules not met in 石家庄市, one of them below its fail line.
    open_page(page, f"{dashboard_url}/heatmap?city=130100&month=2010-04", UNITS)
    page.locator(".st-key-heatmap-detail").click()
    page.get_by_role("option", name="全部 45 项").click()
    wait_for_run(page, ".st-key-heatmap-items")
    assert_no_exception(page)
    expect(page.locator(".st-key-heatmap-items")).to_contain_text("二级指标：全部 45 项")
    expect(page.locator(".st-key-heatmap-violations")).to_contain_text("不合格")
    screenshot(page, "heatmap-all-items-zh")


def test_items_and_county_views_in_english(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SJZ_JUNE}&lang=en", UNITS)
    expect(page.get_by_role("heading", name="Shijiazhuang: indicator heatmap")).to_be_visible()
    page.locator(".st-key-heatmap-detail").click()
    page.get_by_role("option", name=re.compile(r"^12\. ")).click()
    wait_for_run(page, ".st-key-heatmap-items")
    assert_no_exception(page)
    expect(page.locator(".st-key-heatmap-items")).to_contain_text("Second-level items: 12.")
    expect(page.locator(".st-key-heatmap-items").locator(CHART)).to_be_visible()
    screenshot(page, "heatmap-items-en")

    page.locator(".st-key-heatmap-view").get_by_text("Counties × indicators (averages)").click()
    wait_for_run(page, ".st-key-heatmap-counties")
    assert_no_exception(page)
    expect(page.locator(".st-key-heatmap-counties").locator(CHART)).to_be_visible()
    screenshot(page, "heatmap-counties-en")


def test_clicking_a_cell_of_the_grid_opens_that_unit(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SJZ_JUNE}", UNITS)
    grid = page.locator(GRID).locator(CHART).locator("svg").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    # The cell under the pointer names its unit in the tooltip; clicking it opens that unit.
    spot = {"x": box["width"] * 0.45, "y": box["height"] * 0.6}
    grid.hover(position=spot)
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    unit = tooltip.locator("tr").first.locator("td").last.inner_text().strip()
    grid.click(position=spot)
    wait_for_run(page, COMMUNITY)
    assert_no_exception(page)
    expect(page).to_have_url(re.compile(r"/community\?.*unit="))
    expect(page).to_have_url(re.compile(r"city=130100"))
    expect(page).to_have_url(re.compile(r"month=2011-06"))
    expect(page.get_by_role("heading", name=unit)).to_be_visible()
    screenshot(page, "heatmap-to-community-zh")

    # Back on the heatmap the old click is gone: the page stays, it does not bounce again.
    page.get_by_role("link", name="返回热力图").click()
    wait_for_run(page, UNITS)
    assert_no_exception(page)
    expect(page).to_have_url(re.compile(r"/heatmap\?"))


def test_selecting_a_row_of_the_unit_list_opens_that_unit(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SJZ_JUNE}", UNITS)
    table = page.locator(UNITS).locator('[data-testid="stDataFrame"]')
    _show_top_of(page, table)
    box = table.bounding_box()
    assert box is not None
    # The row-selection checkbox of the first row: under the 35 px header, in the marker column.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    wait_for_run(page, COMMUNITY)
    assert_no_exception(page)
    expect(page).to_have_url(re.compile(r"/community\?.*unit="))
    expect(page.get_by_role("heading", name="建北街道")).to_be_visible()


def _show_top_of(page: Page, table) -> None:
    """Scroll the unit list's first rows into view: the list is shown whole, taller than
    the window, and its top must not sit under Streamlit's header."""
    table.evaluate("(element) => element.scrollIntoView({block: 'center'})")
    page.locator(UNITS).locator("h3").scroll_into_view_if_needed()
    box = None
    while box != (box := table.bounding_box()):  # until the scroll has settled
        page.wait_for_timeout(200)


def _choose_view(page: Page) -> None:
    """Sort by indicator 3, lowest first, and expand indicator 1, through the controls."""
    page.locator(".st-key-heatmap-sort").click()
    page.get_by_role("option", name=re.compile(r"^按指标 3（")).click()
    wait_for_run(page, UNITS)
    page.locator(".st-key-heatmap-detail").click()
    page.get_by_role("option", name=re.compile(r"^1\. ")).click()
    wait_for_run(page, ".st-key-heatmap-items")
    page.locator(".st-key-heatmap-lowest-first").get_by_text("低分在前").click()
    wait_for_run(page, ".st-key-heatmap-items")
    expect(page).to_have_url(re.compile(r"sort=3.*detail=1.*low=1|detail=1.*sort=3"))


def _expect_view(page: Page) -> None:
    expect(page.locator(".st-key-heatmap-sort input")).to_have_value("按指标 3（风险辨识）")
    expect(page.locator(".st-key-heatmap-detail input")).to_have_value("1. 安全社区创建机构与职责")
    expect(page.locator(".st-key-heatmap-lowest-first").locator("input")).to_be_checked()
    expect(page.locator(".st-key-heatmap-items")).to_contain_text("二级指标：1.")
    expect(page.locator(UNITS)).to_contain_text("3 风险辨识")


def test_a_copied_link_opens_the_same_view_in_a_fresh_tab(page: Page, browser, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SJZ_JUNE}", UNITS)
    _choose_view(page)
    link = page.url
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
    try:
        open_page(fresh, link, ".st-key-heatmap-items")
        assert_no_exception(fresh)
        _expect_view(fresh)
    finally:
        fresh.context.close()


def test_back_from_the_community_page_keeps_the_view(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/{SJZ_JUNE}", UNITS)
    _choose_view(page)
    table = page.locator(UNITS).locator('[data-testid="stDataFrame"]')
    _show_top_of(page, table)
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    wait_for_run(page, COMMUNITY)
    expect(page).to_have_url(re.compile(r"/community\?.*unit="))
    community = page.url

    page.get_by_role("link", name="返回热力图").click()
    wait_for_run(page, ".st-key-heatmap-items")
    assert_no_exception(page)
    _expect_view(page)

    page.go_back()
    wait_for_run(page, COMMUNITY)
    assert_no_exception(page)
    expect(page).to_have_url(community)

    page.go_back()
    wait_for_run(page, ".st-key-heatmap-items")
    assert_no_exception(page)
    _expect_view(page)
