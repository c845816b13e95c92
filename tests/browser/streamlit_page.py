"""Driving a Streamlit app in a real Chromium: start the server, wait for runs, capture.

Streamlit renders asynchronously over a websocket, so "the page loaded" means little:
every helper that changes the page ends by waiting until the app's script run has
finished and the page's own marker element is on screen.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.signing import PASSWORD, TESTER

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium in a container: no sandbox or GPU, and no calls home that could stall a test.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}
"""A fresh tab's size: a desktop screen."""
ARTIFACTS = REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

# A cold first start creates the SQLite database and fills it with the sample programmes.
SERVER_START_TIMEOUT_S = 120.0
# The first script run of a session does the same work when the server started cold.
RUN_TIMEOUT_MS = 60_000

APP_IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
)
RUNNING_ICON = '[data-testid="stStatusWidgetRunningIcon"]'
LOADING_PLACEHOLDER = '[data-testid="stSkeleton"]'
EXCEPTION = '[data-testid="stException"]'
SIDEBAR_LINK = '[data-testid="stSidebarNavLink"]'
SIGN_IN_FORM = ".st-key-sign-in-user"

_CHARTS_DRAWN_JS = """() => Array.from(
    document.querySelectorAll('[data-testid="stVegaLiteChart"]'),
).every((chart) => chart.querySelector("canvas, svg"))"""
_CONTENT_HEIGHT_JS = """() => Math.max(
    document.documentElement.scrollHeight,
    ...Array.from(
        document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]'),
        (element) => element.scrollHeight,
    ),
)"""
_TWO_FRAMES_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

# Never send requests for our own local server through a proxy from the environment.
_LOCAL_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@contextmanager
def start_streamlit(script_path: Path, env: Mapping[str, str], artifacts_dir: Path) -> Iterator[str]:
    """Serve ``script_path`` headless on a free local port; yield its base URL, stop it on exit.

    ``env`` is added to this process's environment for the server only, so a test
    database never leaks into the test process.  The server's output goes to a log in
    ``artifacts_dir``: its tail is the failure message when the server never answers.
    """
    port = _free_port()
    artifacts_dir.mkdir(parents=True, exist_ok=True)
    log_path = artifacts_dir / f"streamlit-{script_path.stem}-{port}.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script_path),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_healthy(url, process, log_path)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def open_page(page: Page, url: str, marker: str, username: str = TESTER) -> None:
    """Load ``url`` signed in as ``username`` and wait until the app has finished rendering
    ``marker``.

    The tabs of a browser context share its cookies, and so the session the app keeps in
    one (ui/auth.py): a tab opens signed in as the context's last user.  Another user
    signs that one out first (its cookie cleared), then signs in when asked."""
    if _SIGNED_IN.get(page.context, username) != username:
        page.context.clear_cookies()
    page.goto(url)
    page.wait_for_selector(f"{marker}, {SIGN_IN_FORM}", timeout=RUN_TIMEOUT_MS)
    if page.locator(SIGN_IN_FORM).count():
        sign_in(page, username)
    wait_for_run(page, marker)


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill in and send the sign-in form the app shows before anything else."""
    page.locator(".st-key-sign-in-user input").fill(username)
    page.locator(".st-key-sign-in-password input").fill(password)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    _SIGNED_IN[page.context] = username


_SIGNED_IN: WeakKeyDictionary[BrowserContext, str] = WeakKeyDictionary()
"""Who last signed in through :func:`sign_in` in each browser context."""


def wait_for_run(page: Page, marker: str, timeout_ms: float = RUN_TIMEOUT_MS) -> None:
    """Wait until the script run that renders ``marker`` is over and its elements are drawn.

    The marker comes first: right after a page switch the app can still report
    ``notRunning`` from the previous page.  After the run, tables and charts load their
    code lazily and show a grey placeholder for a few hundred milliseconds, then charts
    draw themselves: a screenshot taken before then shows empty boxes.
    """
    page.wait_for_selector(marker, timeout=timeout_ms)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.wait_for_selector(RUNNING_ICON, state="detached", timeout=timeout_ms)
    page.wait_for_selector(LOADING_PLACEHOLDER, state="detached", timeout=timeout_ms)
    page.wait_for_function(_CHARTS_DRAWN_JS, timeout=timeout_ms)


def click_sidebar_link(page: Page, text: str, marker: str) -> None:
    """Switch pages through the sidebar link titled exactly ``text``; wait for ``marker``."""
    link = page.locator(SIDEBAR_LINK).filter(has=page.get_by_text(text, exact=True))
    link.click()
    wait_for_run(page, marker)


def assert_no_exception(page: Page) -> None:
    """Fail with the app's own error text: Streamlit shows exceptions instead of raising."""
    __tracebackhide__ = True
    shown = page.locator(EXCEPTION).all_inner_texts()
    if shown:
        pytest.fail("The app shows an exception:\n" + "\n---\n".join(shown), pytrace=False)


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as ``artifacts/screenshots/<name>.png``, to look at what users see.

    Streamlit scrolls inside its main area, not the document, so a plain full-page
    shot stops at the viewport: the viewport is stretched to the content meanwhile.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = page.viewport_size
    assert viewport is not None, "screenshots need a page with a fixed viewport"
    content_height = page.evaluate(_CONTENT_HEIGHT_JS)
    page.set_viewport_size({"width": viewport["width"], "height": max(content_height, viewport["height"])})
    try:
        page.evaluate(_TWO_FRAMES_JS)  # let the taller layout paint
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(viewport)
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    __tracebackhide__ = True
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"Streamlit exited with code {process.returncode} before serving; "
                f"end of {log_path}:\n{_tail(log_path)}",
                pytrace=False,
            )
        try:
            with _LOCAL_HTTP.open(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    pytest.fail(
        f"Streamlit did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT_S:.0f} s; "
        f"end of {log_path}:\n{_tail(log_path)}",
        pytrace=False,
    )


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
