"""The circular's headline figures against tests/fixture_circular.py, worked by hand in its
docstring, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access.circular_figures import circular_figures
from data_access.regions import find_region
from oversight.circular.figures import Change, CircularFigures, ReportCounts, compare
from oversight.ranking.inputs import judged_at
from tests.data_access.conftest import programme_id
from tests.fixture_circular import FIGURES, SEPTEMBER, load_circular_programme


@pytest.fixture
def figures(engine) -> CircularFigures:
    load_circular_programme(engine)
    return circular_figures(engine, find_region(engine, "Y"), SEPTEMBER, programme_id(engine, "PC"))


def test_judged_at_the_end_of_the_deadline_day():
    assert judged_at(SEPTEMBER, 10) == dt.datetime(2015, 10, 10, 23, 59, 59, 999999)


def test_units_and_reports(figures):
    assert figures.units == 4
    assert figures.judged_at == dt.datetime(2015, 10, 10, 23, 59, 59, 999999)
    assert figures.reports_month == ReportCounts(owed=4, on_time=2, late=0, missing=2)
    assert figures.reports_previous_month == ReportCounts(owed=4, on_time=1, late=0, missing=3)
    assert figures.reports_year == ReportCounts(owed=31, on_time=3, late=1, missing=27)


def test_accidents_with_their_changes(figures):
    accidents = figures.outcome("accidents")
    assert (accidents.month, accidents.year_to_date) == (4, 5)  # the correction of 10-20 is not yet known
    assert accidents.month_on_month == Change(1, 3, 300.0)
    assert accidents.year_on_year == Change(2, 2, 100.0)
    assert accidents.year_to_date_on_year == Change(3, None, None)  # 4 reports against 3


def test_injuries_deaths_and_hazards(figures):
    injuries, deaths = figures.outcome("injuries"), figures.outcome("deaths")
    assert (injuries.month, injuries.year_to_date) == (2, 2)
    assert injuries.month_on_month == Change(0, 2, None)
    assert injuries.year_on_year == Change(1, 1, 100.0)
    assert (deaths.month, deaths.year_on_year) == (1, Change(0, 1, None))
    found, fixed = figures.outcome("hazards_found"), figures.outcome("hazards_rectified")
    assert (found.month, found.year_to_date, found.month_on_month) == (5, 11, Change(6, -1, -16.7))
    assert (fixed.month, fixed.year_to_date, fixed.month_on_month) == (2, 7, Change(5, -3, -60.0))


def test_counties_by_stage_and_money(figures):
    k1, k2 = figures.counties
    assert (k1.code, k1.name_zh, k1.units) == ("K1", "甲县", 2)
    assert [(s.code, s.units) for s in k1.stages] == [("launched", 1), ("implementing", 1)]
    assert [(s.code, s.units) for s in k2.stages] == [("not_started", 2)]
    assert (k1.allocated, k1.disbursed, k1.undisbursed) == (120000.0, 80000.0, 40000.0)
    assert (k2.allocated, k2.disbursed) == (50000.0, 0.0)
    assert [(t.level_code, t.units) for t in figures.titles] == [("provincial", 1)]


def test_figures_read_back_equal_from_json(figures):
    assert CircularFigures.from_json(figures.to_json()) == figures


def test_no_base_without_reports_then():
    assert compare(3, 2, None, 0) == Change(None, None, None)
    assert compare(3, 2, 0, 0) == Change(None, None, None)


def test_figures_are_the_hand_built_ones_of_the_fixture(figures):
    """The content's tests use FIGURES; the database gives exactly them."""
    assert figures == FIGURES
