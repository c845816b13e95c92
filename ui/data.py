"""The one place that caches: the engine for the process, and query results per data version.

Every cached loader takes ``version`` (the database's write counter) as part of its key,
so a report written by any process shows on the next rerun, not after a TTL; the TTL
and ``max_entries`` only bound memory.  Keys are small scalars, never DataFrames.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

import sample_data
from data_access import attainment, programmes, regions, schema
from data_access.engine import database_url, make_engine
from oversight.attainment import assess_targets

CACHE = {"ttl": 3600, "max_entries": 256, "show_spinner": False}


def engine() -> Engine:
    """The engine for ``DATABASE_URL`` (read on every call, so tests can point elsewhere)."""
    return _engine(database_url())


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(url: str) -> Engine:
    """Created once per URL and process; migrates the database and fills an empty one
    with the sample programmes, so a first start shows a working dashboard."""
    created = make_engine(url)
    schema.initialise(created)
    sample_data.ensure_sample(created)
    return created


def version() -> int:
    return schema.data_version(engine())


@st.cache_data(**CACHE)
def cities(version: int) -> pd.DataFrame:
    return regions.cities_with_programmes(engine())


@st.cache_data(**CACHE)
def region(version: int, region_id: int) -> regions.RegionRef | None:
    return regions.region_by_id(engine(), region_id)


@st.cache_data(**CACHE)
def programmes_in(version: int, region_id: int) -> pd.DataFrame:
    return programmes.programmes_within(engine(), regions.region_by_id(engine(), region_id))


@st.cache_data(**CACHE)
def assessed_targets(version: int, region_id: int, as_of: dt.date) -> pd.DataFrame:
    """Target attainment judged on ``as_of`` for the region (see oversight.attainment)."""
    scope = regions.region_by_id(engine(), region_id)
    return assess_targets(attainment.target_progress(engine(), as_of, scope))
