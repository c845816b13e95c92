"""A county office and a clerk in the real browser: the county's own overview, a tampered
link refused naming nothing, a page outside the role falling back to the role's first.

On the sample database: the county office of 大武口区 (640202, in 石嘴山市) and the clerk of
its 朝阳街道 (640202001); 石家庄市 (130100) and its 长安区 (130102) are outside both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.streamlit_page import (
    ARTIFACTS,
    REPO,
    RUN_TIMEOUT_MS,
    SIDEBAR_LINK,
    SIGN_IN_FORM,
    assert_no_exception,
    screenshot,
    sign_in,
    start_streamlit,
    wait_for_run,
)
from tests.conftest import copy_sample
from tests.signing import ensure_user

COUNTY_USER, CLERK = "dawukou-office", "chaoyang-clerk"


@pytest.fixture(scope="module")
def scoped_url(sample_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = copy_sample(sample_database, tmp_path_factory.mktemp("scoping"))
    ensure_user(database, COUNTY_USER, [("county", "640202")])
    ensure_user(database, CLERK, [("clerk", "640202001")])
    with start_streamlit(REPO / "dashboard.py", {"DATABASE_URL": database}, ARTIFACTS) as url:
        yield url


def _signed_in(page: Page, url: str, username: str) -> None:
    """Open ``url`` as ``username``; wait for the page (the sign-in form has an h1 too, so
    the run is waited for until the form has gone)."""
    page.set_viewport_size({"width": 1280, "height": 1000})  # the width a leader's screen has
    page.context.clear_cookies()  # the context's tabs share the last test's session
    page.goto(url)
    wait_for_run(page, SIGN_IN_FORM)
    sign_in(page, username)
    page.wait_for_selector(SIGN_IN_FORM, state="detached", timeout=RUN_TIMEOUT_MS)
    wait_for_run(page, SIDEBAR_LINK)
    wait_for_run(page, "h1")


def _text(page: Page) -> str:
    return page.locator('[data-testid="stApp"]').inner_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_county_office_sees_its_own_county(page: Page, scoped_url: str, lang: str):
    _signed_in(page, f"{scoped_url}/?lang={lang}&month=2012-06", COUNTY_USER)
    assert_no_exception(page)
    heading = "大武口区 目标完成情况" if lang == "zh" else "Dawukou District"
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    county = page.locator(".st-key-county")
    expect(county.locator("input")).to_be_disabled()
    text = _text(page)
    assert "石家庄" not in text and "Shijiazhuang" not in text
    links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    assert len(links) == 6  # five read pages and the data entry page; no circular, no archive
    screenshot(page, f"scoping-county-overview-{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_tampered_link_is_refused_naming_nothing(page: Page, scoped_url: str, lang: str):
    _signed_in(page, f"{scoped_url}/?lang={lang}&city=130100&county=130102", COUNTY_USER)
    assert_no_exception(page)
    notices = page.locator('[data-testid="stAlert"]').all_inner_texts()
    expected = (
        ["城市编码 130100 不存在或不在您的查看范围内", "区县编码 130102 不存在或不在您的查看范围内"]
        if lang == "zh"
        else [
            "city code 130100 does not exist or is outside",
            "county code 130102 does not exist or is outside",
        ]
    )
    for wanted in expected:
        assert any(wanted in notice for notice in notices), notices
    text = _text(page)
    for name in ("石家庄", "长安区", "Shijiazhuang", "Chang'an"):
        assert name not in text
    screenshot(page, f"scoping-tampered-link-{lang}")


def test_a_page_outside_the_role_shows_the_roles_first_page(page: Page, scoped_url: str):
    _signed_in(page, f"{scoped_url}/circular?month=2012-06", CLERK)
    assert_no_exception(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("社区详情")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("朝阳街道")
    links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    assert len(links) == 3
    screenshot(page, "scoping-clerk-fallback")
