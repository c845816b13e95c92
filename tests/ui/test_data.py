"""The two caches of ``ui.data``: query results refresh with every write, reference lists
only when regions, programmes or the catalogue are loaded."""

import datetime as dt
import functools

import pytest

import data_access.regions
from data_access.loading import load_programme_data
from tests.fixture_district import district_data
from tests.fixture_programme import u11_report
from tests.writing import submit_report
from ui import data


@pytest.fixture
def counted(monkeypatch, programme_engine, database_url):
    """``cities_with_programmes`` counting its real calls, the app pointed at the test database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    calls = []
    original = data_access.regions.cities_with_programmes

    @functools.wraps(original)
    def cities_with_programmes(engine):
        calls.append(1)
        return original(engine)

    monkeypatch.setattr(data_access.regions, "cities_with_programmes", cities_with_programmes)
    return cities_with_programmes, calls


def test_a_report_refreshes_fetch_but_not_reference(counted, programme_engine):
    query, calls = counted
    data.reference(query)
    data.fetch(query)
    data.reference(query)
    data.fetch(query)
    assert len(calls) == 2  # one real call per cache
    submit_report(programme_engine, u11_report(dt.date(2020, 4, 1), dt.datetime(2020, 5, 5, 9)))
    data.reference(query)
    assert len(calls) == 2
    data.fetch(query)
    assert len(calls) == 3


def test_loading_programme_data_refreshes_reference(counted, programme_engine):
    query, calls = counted
    assert list(data.reference(query)["code"]) == ["C"]
    load_programme_data(programme_engine, district_data())
    data.reference(query)
    assert len(calls) == 2
