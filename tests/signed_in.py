"""Users signed in for the tests of the write paths and the data entry page: created with
``data_access.users`` in the test database, their scope read back as a page reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access import users
from data_access.regions import find_region
from oversight.access import Scope
from tests.pages.conftest import DASHBOARD
from ui.auth import SESSION, Session

NOW = dt.datetime(2026, 1, 5, 9)

EVERY_WRITE = (("staff", "C"), ("county", "D1"), ("county", "D2"))
"""Roles that together allow every write in tests/fixture_programme.py's city: staff of
城市 C (moves, city reviews, namings, set-up, circulars) and both districts' offices
(reports, corrections, moves, county reviews)."""


def sign_up(engine: Engine, username: str, grants: Sequence[tuple[str, str]]) -> Scope:
    """Create ``username`` holding ``grants`` (role, region code) unless it exists; its scope."""
    if username not in set(users.users(engine)["username"]):
        regions = [(role, find_region(engine, code)) for role, code in grants]
        with engine.begin() as connection:
            users.add_user(connection, username, None, "测试", NOW)
            for role, region in regions:
                users.grant_role(connection, username, role, region, "测试", NOW)
    return users.scope_of(engine, username)


def open_signed_in(
    monkeypatch, engine: Engine, page: str, username: str, grants: Sequence[tuple[str, str]], **query: str
) -> AppTest:
    """The dashboard against ``engine``, signed in as ``username`` (created with ``grants``
    unless it exists), switched to ``page``."""
    sign_up(engine, username, grants)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    app.session_state[SESSION] = Session(username, dt.datetime.now())
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app
