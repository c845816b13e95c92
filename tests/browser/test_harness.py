"""The browser harness itself, checked against a tiny two-page app rather than the dashboard.

If these fail, a failing dashboard browser test says nothing about the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.streamlit_page import (
    ARTIFACTS,
    assert_no_exception,
    click_sidebar_link,
    open_page,
    screenshot,
    start_streamlit,
)

SMOKE_APP = """
import streamlit as st


def home() -> None:
    with st.container(key="smoke"):
        st.markdown("## 安全社区建设监管平台\\n\\n浏览器测试：中文字体应正常显示。")


def second() -> None:
    with st.container(key="second"):
        st.markdown("第二页已打开。")


st.navigation([st.Page(home, title="首页", default=True), st.Page(second, title="第二页")]).run()
"""


@pytest.fixture(scope="module")
def smoke_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    script = tmp_path_factory.mktemp("smoke_app") / "smoke_app.py"
    script.write_text(SMOKE_APP, encoding="utf-8")
    with start_streamlit(script, {}, ARTIFACTS) as url:
        yield url


def test_page_renders_chinese_and_is_captured(page: Page, smoke_url: str, console_errors: list[str]) -> None:
    open_page(page, smoke_url, ".st-key-smoke")

    assert_no_exception(page)
    assert "中文字体应正常显示" in page.locator(".st-key-smoke").inner_text()
    shot = screenshot(page, "harness-smoke")
    assert isinstance(shot, Path)
    assert shot.stat().st_size > 0
    assert console_errors == []


def test_sidebar_link_switches_page(page: Page, smoke_url: str) -> None:
    open_page(page, smoke_url, ".st-key-smoke")

    click_sidebar_link(page, "第二页", ".st-key-second")

    assert_no_exception(page)
    assert page.locator(".st-key-smoke").count() == 0
