"""Every page in a real browser, against a bare Streamlit page in the same run
(``--browser``; needs chromium and playwright).

What a leader waits for is a fresh tab on a warm server until the page is drawn.  Both
servers (the dashboard and :mod:`bench.bare_page`) are started, every page opened once to
warm them, then each page and the bare page are opened ``runs`` times, in turn, each in a
fresh browser context.  A page counts as drawn when the script has stopped (state
``notRunning``; right after loading the app reads ``notRunning`` before its script has
started, hence the other conditions), no running icon shows, the page's title (``h1``) is
there, every ``.vega-embed`` holds its ``canvas`` or ``svg``, and the DOM has not changed
for 0.6 s; the time is taken at the start of that quiet spell, from the navigation's start.
Every dashboard tab signs in first (as :data:`bench.apprun.BENCH_USER`, whose scope every
read passes the gate with): its time runs from the sign-in's submit, so it holds the
password check, the scope's lookup and the page, not the sign-in form's own drawing.
Pages are reported as ratios to the bare page, the floor Streamlit itself sets here.

Uses the browser tests' harness (``tests/browser/``), so Chromium is launched and the
servers started exactly as there.
"""

from __future__ import annotations

import statistics
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from bench.pages import DASHBOARD, REPO

BARE_PAGE = REPO / "bench" / "bare_page.py"
BARE = "bare"
QUIET_MS = 600
TIMEOUT_MS = 120_000
RATIO_GOAL = 1.3  # every page within this factor of the bare page
RATIO_LIMIT = 1.5  # and never above this

# Resolves to the navigation-relative time (ms) at which the page became drawn and quiet.
_DRAWN_JS = """async ({quietMs, timeoutMs}) => {
  let last = performance.now();
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const drawn = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null
      && !document.querySelector('.st-key-sign-in-user')
      && app.dataset.testScriptState === 'notRunning'
      && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
      && document.querySelector('h1') !== null
      && Array.from(document.querySelectorAll('.vega-embed')).every((c) => c.querySelector('canvas, svg'));
  };
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    await new Promise((done) => setTimeout(done, 50));
    if (drawn() && performance.now() - last >= quietMs) {
      observer.disconnect();
      return last;
    }
  }
  observer.disconnect();
  return null;
}"""


@dataclass
class PageDraw:
    """One page's times to drawn, in seconds, one per fresh tab."""

    script: str
    times_s: list[float] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return statistics.median(self.times_s) if self.times_s else float("nan")


@dataclass
class BrowserLoad:
    server_s: float  # from launching the dashboard's server to its health check answering
    bare: PageDraw  # the bare page
    pages: list[PageDraw]  # the dashboard's pages, in the sidebar's order
    problems: list[str]

    def ratio(self, page: PageDraw) -> float:
        """The page's median time over the bare page's, measured in the same run."""
        return page.median_s / self.bare.median_s if self.bare.times_s else float("nan")


def measure(url: str, queries: Mapping[str, Mapping[str, str]], runs: int) -> BrowserLoad:
    """Time every page of ``queries`` (script → its URL query) and the bare page, ``runs``
    fresh tabs each after one warm-up, against the database at ``url``."""
    from playwright.sync_api import sync_playwright

    from bench.apprun import bench_user
    from tests.browser.streamlit_page import CHROMIUM, CHROMIUM_ARGS, start_streamlit

    user = bench_user(url)
    bare = PageDraw(BARE)
    pages = [PageDraw(script) for script in queries]
    if not CHROMIUM.exists():
        return BrowserLoad(float("nan"), bare, pages, [f"{CHROMIUM} not found"])
    problems: list[str] = []
    artifacts = REPO / "artifacts"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        launched = time.perf_counter()
        with (
            start_streamlit(DASHBOARD, {"DATABASE_URL": url}, artifacts) as base,
            start_streamlit(BARE_PAGE, {}, artifacts) as bare_base,
        ):
            healthy = time.perf_counter()
            addresses = {BARE: f"{bare_base}/"} | {
                script: f"{base}/{_path(script)}?{urllib.parse.urlencode(query)}"
                for script, query in queries.items()
            }
            timed = {BARE: bare} | {page.script: page for page in pages}
            for run in range(runs + 1):  # the first round warms the servers up
                for script, address in addresses.items():
                    seconds, shown = _draw(browser, address, None if script == BARE else user)
                    problems += [f"{script}: {text}" for text in shown if run == 0]
                    if seconds is None:
                        problems.append(f"{script}: not drawn within {TIMEOUT_MS / 1000:g} s")
                    elif run > 0:
                        timed[script].times_s.append(seconds)
        browser.close()
    finally:
        playwright.stop()
    return BrowserLoad(healthy - launched, bare, pages, problems)


def _path(script: str) -> str:
    """The URL path Streamlit serves a page script under (``pages/heatmap.py`` → ``heatmap``;
    the home page at the root)."""
    from ui.frame import PAGES

    return "" if script == PAGES[0][0] else script.rsplit("/", 1)[-1].removesuffix(".py")


def _draw(browser, address: str, user: str | None) -> tuple[float | None, list[str]]:
    """Open ``address`` in a fresh context, signed in as ``user`` if given; the seconds
    until drawn (from the navigation's start, or from the sign-in's submit) and any
    exception shown."""
    from tests.browser.streamlit_page import EXCEPTION, sign_in

    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(address)
        started_ms = 0.0
        if user is not None:
            page.wait_for_selector(".st-key-sign-in-user input", timeout=TIMEOUT_MS)
            started_ms = page.evaluate("performance.now()")
            sign_in(page, user)
        drawn_ms = page.evaluate(_DRAWN_JS, {"quietMs": QUIET_MS, "timeoutMs": TIMEOUT_MS})
        if drawn_ms is not None:
            drawn_ms -= started_ms
        shown = page.locator(EXCEPTION).all_inner_texts()
    finally:
        context.close()
    return (None if drawn_ms is None else drawn_ms / 1000), shown
