"""Target attainment on the hand-written programme; expected figures are in its docstring."""

import datetime as dt

from data_access.attainment import target_progress
from data_access.regions import find_region
from oversight.attainment import assess_targets
from tests.query_plans import sqlite_plans


def _rows(engine, as_of, region=None):
    frame = assess_targets(target_progress(engine, as_of, region))
    return {(r.target_code, r.region_code): r for r in frame.itertuples()}


def test_share_target_four_of_five_streets_is_met(programme_engine):
    row = _rows(programme_engine, dt.date(2020, 12, 31))[("T1", "D1")]
    assert (row.units, row.required, row.achieved, row.met, row.gap) == (5, 4, 4, True, 0)


def test_share_target_before_the_titles_counts_the_later_revoked_one(programme_engine):
    row = _rows(programme_engine, dt.date(2020, 6, 30))[("T1", "D1")]
    assert (row.required, row.achieved, row.met, row.gap) == (4, 1, False, 3)
    assert row.judged_on == dt.date(2020, 6, 30)


def test_count_per_child_with_one_district_short(programme_engine):
    rows = _rows(programme_engine, dt.date(2020, 12, 31))
    assert (rows[("T2", "D1")].achieved, rows[("T2", "D1")].met) == (4, True)
    assert (rows[("T2", "D2")].achieved, rows[("T2", "D2")].met, rows[("T2", "D2")].gap) == (0, False, 1)
    city = rows[("T2", "C")]
    assert (city.role, city.required, city.achieved, city.met) == ("scope", 2, 1, False)


def test_budget_counts_money_disbursed_by_the_due_date(programme_engine):
    row = _rows(programme_engine, dt.date(2021, 6, 30))[("T3", "C")]
    assert (row.required, row.achieved, row.allocated, row.met, row.gap) == (
        100000,
        85000,
        100000,
        False,
        15000,
    )
    assert row.judged_on == dt.date(2020, 12, 31)


def test_pilots_launched_after_the_due_date_do_not_count(programme_engine):
    rows = _rows(programme_engine, dt.date(2020, 12, 31))
    assert rows[("T4", "D1")].met and not rows[("T4", "D2")].met
    assert (rows[("T4", "C")].required, rows[("T4", "C")].achieved) == (2, 1)


def test_count_target_not_yet_due(programme_engine):
    row = _rows(programme_engine, dt.date(2020, 12, 31))[("T5", "C")]
    assert (row.required, row.achieved, row.met, row.judged_on) == (5, 4, False, dt.date(2020, 12, 31))


def test_region_filter_keeps_rows_inside_the_region(programme_engine):
    district = find_region(programme_engine, "乙区")
    rows = _rows(programme_engine, dt.date(2020, 12, 31), district)
    assert set(rows) == {("T2", "D2"), ("T4", "D2")}


def test_title_holders_are_found_through_the_units_titles(programme_engine):
    """Without statistics SQLite would walk every title of the level for each unit (half a
    second for a city of the province benchmark): the count must go through the unit's titles."""
    plans = sqlite_plans(programme_engine, lambda: target_progress(programme_engine, dt.date(2020, 12, 31)))
    title_plans = [plan for statement, plan in plans if "FROM title" in statement]
    assert title_plans
    for plan in title_plans:
        titles = [step for step in plan if "title" in step.split()[:2]]
        assert titles and all("ix_title_unit_id" in step for step in titles), plan
