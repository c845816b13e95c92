"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL, the small
hand-written programme of ``tests/fixture_programme.py``, and clean Streamlit caches.

PostgreSQL tests use ``TEST_POSTGRES_URL`` (``.ci/run`` sets it); each test gets its own
schema, dropped afterwards.  Without the variable they are skipped, except in CI, where
a missing database is an error rather than a silently smaller suite.

The three seed programmes take a while to load (their circulars are issued as documents,
charts and all), so a run loads them once, into one SQLite file shared by every xdist
worker (``sample_database``), and each user works on a copy of it (``copy_sample``).
"""

from __future__ import annotations

import fcntl
import itertools
import os
import sqlite3
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
def engine(database_url, empty_sqlite: Path) -> Iterator[Engine]:
    """A migrated database with the reference catalogue and nothing else.

    On SQLite a copy of one migrated file (a tenth of the time of migrating each); on
    PostgreSQL migrated in the test's schema (replaying a dump of a migrated schema was
    measured no faster than the migrations themselves).
    """
    if database_url.startswith("sqlite:///"):
        _backup(empty_sqlite, Path(database_url.removeprefix("sqlite:///")))
    created = make_engine(database_url)
    initialise(created)  # on a copy only checks that it is current
    yield created
    created.dispose()


@pytest.fixture(scope="session")
def empty_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated with the reference catalogue, built once per worker."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    built = make_engine(f"sqlite:///{path}")
    initialise(built)
    built.dispose()
    return path


@pytest.fixture
def programme_engine(engine) -> Engine:
    """The database holding the hand-written test programme (see fixture_programme.py)."""
    from tests.fixture_programme import load

    load(engine)
    return engine


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the three seed programmes (seed 2015), filled as the
    dashboard's first start fills an empty database; never written to: use :func:`copy_sample`.

    Built once per run: the first xdist worker to ask builds it under the run's shared
    temporary folder while the others wait on a lock, then all of them read it.  Filling
    it is also the check that ``ensure_sample`` fills an empty database
    (tests/sample_data/test_seeds.py checks that it does so only once).
    """
    import sample_data
    from tests.signing import ensure_tester

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this run's folder, above each worker's own
    path = shared / "sample.db"
    with (shared / "sample.db.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = shared / "sample-building.db"
            engine = make_engine(f"sqlite:///{building}")
            initialise(engine)
            filled = sample_data.ensure_sample(engine)
            ensure_tester(engine)
            engine.dispose()
            if not filled:
                pytest.fail("ensure_sample left an empty database empty")
            _backup(building, path)
    return path


def copy_sample(sample: Path, directory: Path) -> str:
    """A copy of the shared sample database in ``directory``; its URL."""
    target = directory / "sample.db"
    _backup(sample, target)
    return f"sqlite:///{target}"


def _backup(source: Path, target: Path) -> None:
    """Copy a SQLite database whole, its write-ahead log included, as one file."""
    reading = sqlite3.connect(source)
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        writing.close()
        reading.close()


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """Cached results of one test's database must not leak into the next."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
