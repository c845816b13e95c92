"""The browser harness itself, checked against a tiny two-page app rather than the dashboard.

If these fail, a failing dashboard browser test says nothing about the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page

from tests.browser.streamlit_page import (
    ARTIFACTS,
    LOADING_PLACEHOLDER,
    assert_no_exception,
    click_sidebar_link,
    open_page,
    screenshot,
    start_streamlit,
)

SMOKE_APP = """
import altair as alt
import pandas as pd
import streamlit as st


def home() -> None:
    with st.container(key="smoke"):
        st.markdown("## 安全社区建设监管平台\\n\\n浏览器测试：中文字体应正常显示。")
        scores = pd.DataFrame({"街道": ["长安街道", "桥东街道"], "得分": [92.5, 78.0]})
        st.dataframe(scores)
        st.altair_chart(alt.Chart(scores).mark_bar().encode(x="街道:N", y="得分:Q"))


def second() -> None:
    with st.container(key="second"):
        for line in range(60):
            st.markdown(f"第二页，第 {line + 1} 行。")


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
    assert page.locator(LOADING_PLACEHOLDER).count() == 0, "table or chart still loading"
    shot = screenshot(page, "harness-smoke")
    assert isinstance(shot, Path)
    assert shot.stat().st_size > 0
    assert console_errors == []


def test_sidebar_link_switches_page_and_long_page_is_captured_whole(page: Page, smoke_url: str) -> None:
    open_page(page, smoke_url, ".st-key-smoke")

    click_sidebar_link(page, "第二页", ".st-key-second")

    assert_no_exception(page)
    assert page.locator(".st-key-smoke").count() == 0
    with Image.open(screenshot(page, "harness-long-page")) as shot:
        assert shot.height > page.viewport_size["height"]
