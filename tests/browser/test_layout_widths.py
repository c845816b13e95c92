"""Every page at the screen widths leaders use (1024, 1280, 1366 and 1920 px), in both
languages: no figure, label or button is cut off, and the tables a leader reads whole
neither scroll sideways (from 1366 px) nor inside a ten-row frame; no chart runs past the
page's edge.

A text that the browser cuts with an ellipsis, or that overflows its box, has an element
whose ``scrollWidth`` exceeds its ``clientWidth``; a table (a canvas grid) that needs
scrolling has a scroller whose scroll size exceeds its client size.  The pages are the
sample programmes (seed 2015): Suining's money tiles (105万元), the county chooser and
经开区 (Suining Economic and Technological Development Zone, the longest county name),
建北街道's community page (each part of its record) and 星海镇's (never started: a sentence, the plan alone), and
Shijiazhuang's heatmap, and Suining's September circular and its archive of circulars.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.streamlit_page import APP_IDLE, VIEWPORT, assert_no_exception, open_page, screenshot


@pytest.fixture(scope="module")
def page(browser_context: BrowserContext, dashboard_url: str) -> Iterator[Page]:
    """One tab for every case of the module, each case loading its own URL afresh (a
    session of its own): a tab per case cost a second or two of loading the app each.
    A fresh server runs a page's own URL without the entry script until the entry has
    run, so the tab opens the entry first, once."""
    opened = browser_context.new_page()
    open_page(opened, f"{dashboard_url}/?city=510900", ".st-key-overview-summary")
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _desktop_size(page: Page) -> None:
    """Each case starts at the size a fresh tab has, whatever the case before left."""
    page.set_viewport_size(VIEWPORT)


WIDTHS = (1024, 1280, 1366, 1920)
TABLES_FIT_FROM = 1366
"""From this width no table may scroll sideways; below it a wide table may."""
SCROLLING_LOGS = ("community-report-log",)
"""A unit's monthly reports run to 120 months: a log scrolls in its frame."""
PAGES = {
    "overview": ("/?city=510900&month=2015-12", ".st-key-overview-summary"),
    "overview-shijiazhuang": ("/?city=130100&month=2011-12", ".st-key-overview-summary"),
    "district-chooser": ("/district?city=510900&month=2015-12", ".st-key-district-chooser"),
    "district": ("/district?city=510900&county=510991&month=2015-12", ".st-key-district-summary"),
    "district-plan": ("/district?city=640200&county=640202&month=2015-12", ".st-key-district-summary"),
    "community": ("/community?city=130100&month=2009-06&unit=130102001", ".st-key-community-activities"),
    "community-grades": (
        "/community?city=130100&month=2009-06&unit=130102001&section=grades",
        ".st-key-community-grades",
    ),
    "community-outcomes": (
        "/community?city=130100&month=2009-06&unit=130102001&section=outcomes",
        ".st-key-community-outcomes",
    ),
    "community-hazards": (
        "/community?city=130100&month=2009-06&unit=130102001&section=hazards",
        ".st-key-community-money",
    ),
    "community-reports": (
        "/community?city=130100&month=2009-06&unit=130102001&section=reports",
        ".st-key-community-reports",
    ),
    "community-never-started": (
        "/community?city=640200&month=2015-12&unit=640202009",
        ".st-key-community-activities",
    ),
    "heatmap": ("/heatmap?city=130100&month=2011-12", "h1"),
    "heatmap-programme": ("/heatmap?city=130100&programme=SJZ-2008&month=2011-12", "h1"),
    "circular": ("/circular?city=510900&month=2015-09", ".st-key-circular-downloads"),
    "archive": ("/archive?city=510900&month=2015-12", ".st-key-archive-detail"),
    "intake": ("/intake?city=130100&month=2011-05", ".st-key-intake-tab"),
}
OWN_TABLES = ("overview", "district", "community", "circular", "archive")
"""Pages whose tables this test holds to fitting (the heatmap's matrices scroll by design)."""

_CUT_JS = """([checkWidth, checkHeight, checkCharts, logs]) => {
    const main = document.querySelector('[data-testid="stMain"]');
    const keyOf = (element) => {
        const keyed = element.closest('[class*="st-key-"]');
        return keyed ? [...keyed.classList].find((c) => c.startsWith("st-key-")).slice(7) : "";
    };
    const cut = [];
    const texts = main.querySelectorAll(
        '[data-testid="stMetricValue"], [data-testid="stMetricLabel"], [data-testid="stMetricDelta"], '
        + '[data-testid="stButton"] button, [data-testid="stExpander"] summary, [data-testid="stTab"]'
    );
    for (const text of texts) {
        for (const element of [text, ...text.querySelectorAll("*")]) {
            if (element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) {
                cut.push(`cut: "${text.innerText.trim()}" (${element.scrollWidth} > ${element.clientWidth} px)`);
                break;
            }
        }
    }
    // The sidebar's choosers show the chosen name whole (a county's English name was cut).
    for (const chosen of document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stSelectbox"] input')) {
        if (chosen.clientWidth > 0 && chosen.scrollWidth > chosen.clientWidth + 1) {
            cut.push(`cut in the sidebar: "${chosen.value}" (${chosen.scrollWidth} > ${chosen.clientWidth} px)`);
        }
    }
    // A table shows its texts as written, never as Markdown ("1. 启动阶段" became a list).
    for (const marked of main.querySelectorAll('[data-testid="stTable"] :is(td, th) :is(ol, ul, em, strong, a, code, h1, h2, h3)')) {
        cut.push(`table text drawn as Markdown: "${marked.closest("td, th").innerText.trim()}"`);
    }
    const block = main.querySelector('[data-testid="stMainBlockContainer"]');
    const edge = block.getBoundingClientRect().right - parseFloat(getComputedStyle(block).paddingRight);
    for (const chart of checkCharts ? main.querySelectorAll('[data-testid="stVegaLiteChart"]') : []) {
        const right = chart.getBoundingClientRect().right;
        if (chart.clientWidth > 0 && right > edge + 1) {
            cut.push(`chart in ${keyOf(chart)} runs past the page (${Math.round(right)} > ${Math.round(edge)} px)`);
        }
    }
    for (const grid of main.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')) {
        const key = keyOf(grid);
        if (grid.clientWidth === 0 || logs.includes(key)) continue;
        if (checkWidth && grid.scrollWidth > grid.clientWidth + 1) {
            cut.push(`table ${key} scrolls sideways (${grid.scrollWidth} > ${grid.clientWidth} px)`);
        }
        if (checkHeight && grid.scrollHeight > grid.clientHeight + 1) {
            cut.push(`table ${key} scrolls inside its frame (${grid.scrollHeight} > ${grid.clientHeight} px)`);
        }
    }
    return cut;
}"""
_SETTLED_JS = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
    () => setTimeout(done, 700))))"""


def cut_texts(page: Page, width: int, own_tables: bool) -> list[str]:
    """What is cut at ``width``: the page is laid out again, then measured."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_selector(APP_IDLE)
    page.evaluate(_SETTLED_JS)
    checks = [
        own_tables and width >= TABLES_FIT_FROM,
        own_tables,
        own_tables,
        list(SCROLLING_LOGS),
    ]
    return page.evaluate(_CUT_JS, checks)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_is_cut_at_any_width(page: Page, dashboard_url: str, name: str, lang: str):
    path, marker = PAGES[name]
    open_page(page, f"{dashboard_url}{path}" + ("&lang=en" if lang == "en" else ""), marker)
    assert_no_exception(page)
    own = name.split("-")[0] in OWN_TABLES
    found = {width: cut for width in WIDTHS if (cut := cut_texts(page, width, own))}
    if found:
        screenshot(page, f"cut-{name}-{lang}")
    assert found == {}


def test_the_check_sees_a_cut_figure(page: Page, dashboard_url: str):
    """The measure itself: a metric squeezed into a 60 px box is reported as cut."""
    open_page(page, f"{dashboard_url}/?city=510900&month=2015-12", ".st-key-overview-summary")
    page.add_style_tag(content='.st-key-overview-tiles-money [data-testid="stMetric"] {max-width: 60px}')
    assert any(line.startswith("cut: ") for line in cut_texts(page, 1280, own_tables=True))


TARGET_TABLES = {
    "district": ("/district?city=510900&county=510991&month=2015-12", ".st-key-district-summary"),
    "district-dawukou": ("/district?city=640200&county=640202&month=2015-12", ".st-key-district-summary"),
    "overview": ("/?city=510900&month=2015-12", ".st-key-overview-summary"),
    "overview-shijiazhuang": ("/?city=130100&month=2011-12", ".st-key-overview-summary"),
}
_TARGET_TABLES_SCROLL_JS = """() => Array.from(
    document.querySelectorAll('.st-key-district-targets-table, [class*="st-key-overview-target-"]'),
    (table) => {
        const drawn = table.querySelector('table');
        return !drawn || drawn.getBoundingClientRect().right > table.getBoundingClientRect().right + 1
            ? `${[...table.classList].find((c) => c.startsWith("st-key-"))} runs past its frame or is missing`
            : null;
    },
).filter(Boolean)"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(TARGET_TABLES))
def test_target_tables_show_every_column_at_1280(page: Page, dashboard_url: str, name: str, lang: str):
    """A long target (Suining's T1 runs to 80 letters in English) or county name wraps in
    the plain table, so 状态 / Status and 到期前还需 / Needed stay in view."""
    path, marker = TARGET_TABLES[name]
    open_page(page, f"{dashboard_url}{path}" + ("&lang=en" if lang == "en" else ""), marker)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_selector(APP_IDLE)
    page.evaluate(_SETTLED_JS)
    tables = page.locator('.st-key-district-targets-table, [class*="st-key-overview-target-"]').count()
    assert tables > 0
    assert page.evaluate(_TARGET_TABLES_SCROLL_JS) == []
    assert page.evaluate(_BROKEN_JS) == []


_BROKEN_JS = """() => {
    // Headers and short values (a due date, a count, a status) on one line each.
    const broken = [];
    const cells = document.querySelectorAll(
        '.st-key-district-targets-table th p, [class*="st-key-overview-target-"] th p, '
        + '.st-key-district-targets-table td:not(.col0) p, [class*="st-key-overview-target-"] td:not(.col0) p'
    );
    for (const cell of cells) {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const lines = new Set([...range.getClientRects()].map((box) => Math.round(box.top)));
        if (lines.size > 1) broken.push(`"${cell.innerText}" in ${lines.size} lines`);
    }
    return broken;
}"""
