"""Page tests run the whole app from dashboard.py, as AppTest, against a chosen database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from tests.conftest import copy_sample
from tests.signing import ensure_tester
from ui.auth import SESSION, Session

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture(scope="session")
def sample_url(sample_database: Path, tmp_path_factory) -> str:
    """A SQLite database holding the three seed programmes, shared by the page tests."""
    return copy_sample(sample_database, tmp_path_factory.mktemp("pages"))


def url_of(engine: Engine) -> str:
    """An engine's URL with its password, for DATABASE_URL."""
    return engine.url.render_as_string(hide_password=False)


def open_page(monkeypatch, url: str, page: str, as_user: str | None = None, **query: str) -> AppTest:
    """Run the dashboard against ``url``, then switch to ``page`` (``pages/x.py``)."""
    app = open_app(monkeypatch, url, as_user, **query)
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def open_app(monkeypatch, url: str, as_user: str | None = None, **query: str) -> AppTest:
    """Run the dashboard against ``url`` with the given query parameters, signed in as
    ``as_user`` (a user of that database) or, by default, as the tester who may do anything."""
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    signed_in(app, as_user or ensure_tester(url))
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def signed_in(app: AppTest, username: str) -> AppTest:
    """``app`` with ``username`` signed in, as the sign-in form leaves it."""
    app.session_state[SESSION] = Session(username, dt.datetime.now())
    return app


def tables(app: AppTest) -> list:
    """The page's tables as DataFrames (a Styler's underlying data), in page order: the
    grids of ``st.dataframe`` and the tables read whole (``ui.charts.draw.draw_table``)."""
    return [getattr(node.value, "data", node.value) for node in _walk(app.main) if node.type in TABLE_TYPES]


def grids(app: AppTest) -> list:
    """The page's ``st.dataframe`` grids only (the heatmap's unit list beside its
    ``st.table`` of hard rules not met)."""
    return [getattr(frame.value, "data", frame.value) for frame in app.dataframe]


TABLE_TYPES = ("dataframe", "table")


def _walk(node) -> Iterator:
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)
