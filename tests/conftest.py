"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL, the small
hand-written programme of ``tests/fixture_programme.py``, and clean Streamlit caches.

PostgreSQL tests use ``TEST_POSTGRES_URL`` (``.ci/run`` sets it); each test gets its own
schema, dropped afterwards.  Without the variable they are skipped, except in CI, where
a missing database is an error rather than a silently smaller suite.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from data_access.engine import make_engine
from data_access.schema import initialise

_schemas = itertools.count()
BACKENDS = ["sqlite", "postgresql"]


def _postgres_base() -> str:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TEST_POSTGRES_URL is not set: CI must run the PostgreSQL tests")
        pytest.skip("TEST_POSTGRES_URL not set: PostgreSQL tests skipped")
    return url


@contextmanager
def fresh_database(kind: str, directory: Path) -> Iterator[str]:
    """An empty database of ``kind`` (sqlite or postgresql) for as long as the block runs."""
    if kind == "sqlite":
        yield f"sqlite:///{directory}/test.db"
        return
    base = _postgres_base()
    schema = f"t_{os.getpid()}_{next(_schemas)}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty database of each kind; its URL."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    """A migrated database with the reference catalogue and nothing else."""
    created = make_engine(database_url)
    initialise(created)
    yield created
    created.dispose()


@pytest.fixture
def programme_engine(engine) -> Engine:
    """The database holding the hand-written test programme (see fixture_programme.py)."""
    from tests.fixture_programme import load

    load(engine)
    return engine


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """Cached results of one test's database must not leak into the next."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
