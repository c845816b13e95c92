"""The sign-in page in Chromium: in both languages with the demo accounts of a demo
database, a wrong password, the right one, a reload that stays signed in, and the sign-out.

The dashboard runs on its own copy of the sample, whose demo accounts the list shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from sample_data.accounts import DEMO_PASSWORD
from tests.browser.streamlit_page import (
    ARTIFACTS,
    REPO,
    SIGN_IN_FORM,
    assert_no_exception,
    screenshot,
    sign_in,
    start_streamlit,
    wait_for_run,
)
from tests.conftest import copy_sample
from tests.signing import PASSWORD

OVERVIEW = ".st-key-overview-summary"
USER_BOX = ".st-key-user-box"


@pytest.fixture(scope="module")
def demo_url(sample_database, tmp_path_factory) -> Iterator[str]:
    """The dashboard on a copy of the sample, which holds its demo accounts (sample_data/accounts.py)."""
    database = copy_sample(sample_database, tmp_path_factory.mktemp("sign-in"))
    with start_streamlit(REPO / "dashboard.py", {"DATABASE_URL": database}, ARTIFACTS) as url:
        yield url


def test_the_sign_in_page_in_both_languages_lists_the_demo_account(page: Page, demo_url: str):
    page.context.clear_cookies()
    page.goto(f"{demo_url}/")
    wait_for_run(page, SIGN_IN_FORM)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="安全社区建设监管平台")).to_be_visible()
    expect(page.get_by_text("演示账户", exact=True)).to_be_visible()
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible()
    screenshot(page, "sign-in-zh")
    page.locator(".st-key-sign-in-lang").get_by_text("English", exact=True).click()
    wait_for_run(page, SIGN_IN_FORM)
    expect(page.get_by_role("heading", name="Safe Community Oversight")).to_be_visible()
    expect(page).to_have_url(re.compile(r"lang=en"))
    screenshot(page, "sign-in-en")
    # The language chosen before signing in is the page's after it.
    sign_in(page, "county", DEMO_PASSWORD)
    wait_for_run(page, OVERVIEW)
    expect(page.locator(USER_BOX)).to_contain_text("County office · Chang'an District")


def test_a_wrong_password_then_the_right_one_a_reload_and_the_sign_out(page: Page, demo_url: str):
    page.context.clear_cookies()  # the tabs of a context share cookies: sign the last test's user out
    page.goto(f"{demo_url}/?city=130100&month=2011-12")
    wait_for_run(page, SIGN_IN_FORM)
    sign_in(page, "tester", "not-the-password")
    expect(page.get_by_text("用户名或密码不正确。")).to_be_visible()
    expect(page.locator(".st-key-sign-in-password input")).to_have_value("")
    wait_for_run(page, SIGN_IN_FORM)
    screenshot(page, "sign-in-wrong-zh")
    sign_in(page, "tester", PASSWORD)
    wait_for_run(page, OVERVIEW)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="石家庄市 目标完成情况")).to_be_visible()
    expect(page.locator(USER_BOX)).to_contain_text("市局工作人员 · 石家庄市")
    screenshot(page, "signed-in-overview-zh")

    page.reload()  # a new Streamlit session: the cookie finds the server's session
    wait_for_run(page, OVERVIEW)
    expect(page.locator(SIGN_IN_FORM)).to_have_count(0)

    page.locator(USER_BOX).get_by_role("button", name="退出登录").click()
    wait_for_run(page, SIGN_IN_FORM)
    expect(page.get_by_text("您已退出登录。")).to_be_visible()
    page.reload()  # the ended session is not resumed
    wait_for_run(page, SIGN_IN_FORM)
    expect(page.locator(OVERVIEW)).to_have_count(0)
