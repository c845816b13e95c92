"""A cold first render in a real browser: start a Streamlit server, open the overview in
Chromium, and time until the page has drawn (``--browser``; needs chromium and playwright).

Uses the browser tests' harness (``tests/browser/``), so Chromium is launched, the server
started and the page awaited exactly as there.
"""

from __future__ import annotations

import time
import urllib.parse
from dataclasses import dataclass

from bench.pages import DASHBOARD, REPO

MARKER = ".st-key-overview-summary"  # drawn once the overview's targets are there


@dataclass
class BrowserLoad:
    server_s: float  # from launching the server to its health check answering
    first_render_s: float  # from asking for the page to the page drawn, charts included
    problems: list[str]


def measure(url: str, query: dict[str, str]) -> BrowserLoad:
    from playwright.sync_api import sync_playwright

    from tests.browser.streamlit_page import CHROMIUM, CHROMIUM_ARGS, EXCEPTION, start_streamlit, wait_for_run

    if not CHROMIUM.exists():
        return BrowserLoad(float("nan"), float("nan"), [f"{CHROMIUM} not found"])
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        launched = time.perf_counter()
        with start_streamlit(DASHBOARD, {"DATABASE_URL": url}, REPO / "artifacts") as base:
            healthy = time.perf_counter()
            page.goto(f"{base}/?{urllib.parse.urlencode(query)}")
            wait_for_run(page, MARKER)
            drawn = time.perf_counter()
            shown = page.locator(EXCEPTION).all_inner_texts()
        browser.close()
    finally:
        playwright.stop()
    return BrowserLoad(healthy - launched, drawn - healthy, [f"exception: {text}" for text in shown])
