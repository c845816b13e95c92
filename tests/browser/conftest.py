"""Fixtures for the real-browser tests: the dashboard on a throwaway database, Chromium, pages.

Everything collected under this folder is marked ``browser``, so ``-m "not browser"``
gives a quick run without Chromium.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, sync_playwright

from tests.browser.streamlit_page import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    VIEWPORT,
    start_streamlit,
)
from tests.conftest import copy_sample

BROWSER_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``; the hook sees the whole session's items."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def dashboard_url(sample_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served on its own copy of the sample database."""
    database = copy_sample(sample_database, tmp_path_factory.mktemp("dashboard"))
    with start_streamlit(REPO / "dashboard.py", {"DATABASE_URL": database}, ARTIFACTS) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the session; a missing Chromium fails in CI and skips elsewhere."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: install the Debian package chromium (bash .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    playwright = sync_playwright().start()
    try:
        yield playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    finally:
        playwright.stop()  # closes the browser too


@pytest.fixture
def console_errors() -> list[str]:
    """Errors the page logged or threw, filled in by ``page``; a test decides what is allowed."""
    return []


@pytest.fixture(scope="module")
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """A Chinese-locale context at a desktop size, shared by a module's tabs: its cache
    keeps the app's scripts loaded once, so a tab opens the app in a fraction of the time.
    Streamlit keeps a session per tab, not per context."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    yield context
    context.close()


@pytest.fixture
def page(browser_context: BrowserContext, console_errors: list[str]) -> Iterator[Page]:
    """A fresh Chinese-locale tab at a desktop size (a session of its own)."""
    opened = browser_context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    def on_page_error(error: Error) -> None:
        console_errors.append(f"uncaught: {error.message}")

    opened.on("console", on_console)
    opened.on("pageerror", on_page_error)
    yield opened
    opened.close()
