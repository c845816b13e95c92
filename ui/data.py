"""The one place that caches: the engine for the process, and query results per data version.

Pages call ``fetch(query, *args)`` with a ``data_access`` function and small arguments
(dates, codes, a ``RegionRef``), never a DataFrame.  The cache key holds the function's
name, the arguments and the database's write counter, so a report written by any
process shows on the next rerun rather than after a TTL; the TTL and ``max_entries``
only bound memory.  Lists that only change when regions, programmes or the catalogue are
loaded (names, plans, schemes) go through ``reference`` instead, keyed on the reference
counter, so a new report does not make every page read them again.

Both pass every call through the data layer's read gate (``data_access/access.py``) with
the signed-in user's scope before the cache: a result cached for one user is handed to
another only once the gate has let the other read it too.  The gate's own region
lookups are cached here as well, so a check costs no query while the data stand still.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

import sample_data
from data_access import access, schema, users
from data_access.engine import database_url, make_engine
from oversight.access import Scope

Result = TypeVar("Result")


def engine() -> Engine:
    """The engine for ``DATABASE_URL`` (read on every call, so tests can point elsewhere)."""
    return _engine(database_url())


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(url: str) -> Engine:
    """Created once per URL and process; migrates the database, makes the first
    administrator the environment names (``OVERSIGHT_ADMIN_USER``, only while the database
    holds no user), and fills an empty one with the sample programmes and their demo
    accounts, so a first start of the demo shows a working dashboard (docs/access.md)."""
    created = make_engine(url)
    schema.initialise(created)
    users.first_admin(created, os.environ, dt.datetime.now().replace(microsecond=0))
    sample_data.ensure_sample(created)
    return created


SCOPE = "scope"
"""The session-state key where ``ui.auth`` keeps the signed-in user's scope for the run
(``ui.auth.SCOPE``; read here by name, as ``ui.auth`` imports this module)."""


def scope() -> Scope:
    """The scope of this run's signed-in user; none (every region refused) without one."""
    return st.session_state.get(SCOPE) or Scope("")


def fetch(query: Callable[..., Result], *args: Any) -> Result:
    """``query(engine, *args)`` if the user may read it (else OutOfScope), cached until
    the data change."""
    written, _ = schema.versions(engine())
    _check(query, args, written)
    return _fetch(database_url(), _path(query), written, *args)


def reference(query: Callable[..., Result], *args: Any) -> Result:
    """``query(engine, *args)`` for a list of regions, programmes or catalogue entries
    if the user may read it (else OutOfScope), cached until those change (reports,
    titles, stage events and payments do not)."""
    written, loaded = schema.versions(engine())
    _check(query, args, written)
    return _fetch(database_url(), _path(query), -1 - loaded, *args)


def _check(query: Callable, args: tuple, written: int) -> None:
    """The read gate, its region lookups cached on the write counter (a circular issued
    since is found at once)."""
    url = database_url()
    access.check(
        engine(),
        scope(),
        query,
        *args,
        lookup=lambda resolve, value: _fetch(url, _path(resolve), written, value),
    )


def _path(query: Callable) -> str:
    return f"{query.__module__}:{query.__qualname__}"


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _fetch(url: str, path: str, version: int, *args: Any) -> Any:
    """Keyed on the database too: two databases can be at the same write counter.

    ``version`` is the write counter for ``fetch`` and ``-1 - reference counter`` for
    ``reference``, so the two never share an entry.
    """
    module, name = path.split(":")
    if not module.startswith("data_access."):
        raise ValueError(f"only data_access queries are cached here, not {path}")
    return getattr(importlib.import_module(module), name)(_engine(url), *args)
