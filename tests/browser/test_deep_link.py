"""A link to a page, opened as the very first request of a freshly started server.

Streamlit then runs the page without the entry script (its old ``pages/`` folder mode);
the frame must still draw the sidebar and navigation (see ui/frame.py).
"""

from pathlib import Path

from playwright.sync_api import Page, expect

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
from tests.signing import TESTER
from ui.frame import PAGES


def test_first_request_to_a_page_url_draws_the_whole_app(page: Page, sample_database: Path, tmp_path: Path):
    """The page asks for a sign-in first, then draws the page the link named, as it named it."""
    database = copy_sample(sample_database, tmp_path)
    with start_streamlit(REPO / "dashboard.py", {"DATABASE_URL": database}, ARTIFACTS) as url:
        page.goto(f"{url}/district?city=640200&county=640202&month=2012-06")
        page.wait_for_selector(SIGN_IN_FORM)
        sign_in(page, TESTER)
        wait_for_run(page, '[data-testid="stSidebarNavLink"]')
        wait_for_run(page, "h1")
        assert_no_exception(page)
        expect(page.locator('[data-testid="stSidebarNavLink"]')).to_have_count(len(PAGES))
        expect(page.get_by_role("heading", level=1)).to_contain_text("大武口区")
        screenshot(page, "deep-link-first-request")
