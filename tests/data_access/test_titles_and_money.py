"""Titles held and subsidy totals on the hand-written programme (see its docstring)."""

import datetime as dt

from data_access.regions import find_region
from data_access.subsidies import subsidy_totals
from data_access.titles import titles_held
from tests.fixture_district import add_district_data


def test_titles_held_skip_revoked_and_expired(programme_engine):
    city = find_region(programme_engine, "测试市")
    # U11..U14 named 2020-09-01; U15 revoked 2020-10-01; U22 expired 2019-12-31.
    days = (dt.date(2020, 12, 31), dt.date(2020, 6, 30), dt.date(2020, 1, 31))
    held = titles_held(programme_engine, city, days)
    assert held[["day", "level_code", "units"]].values.tolist() == [
        [dt.date(2020, 6, 30), "national", 1],
        [dt.date(2020, 12, 31), "national", 4],
    ]


def test_subsidy_totals_by_region_and_day(programme_engine):
    city = find_region(programme_engine, "测试市")
    totals = subsidy_totals(programme_engine, city, (dt.date(2020, 12, 31),)).loc[dt.date(2020, 12, 31)]
    assert totals.to_dict() == {"allocated": 100000, "disbursed": 85000, "received": 0, "spent": 0}
    district = find_region(programme_engine, "乙区")
    days = (dt.date(2021, 6, 30), dt.date(2020, 1, 31))
    totals = subsidy_totals(programme_engine, district, days)
    assert list(totals.index) == list(days)
    assert totals[["allocated", "disbursed"]].values.tolist() == [[40000, 40000], [0, 0]]


def test_money_reported_so_far_follows_corrections_and_late_months(programme_engine):
    """tests/fixture_district.py's data: U31 2021-01 spent 5,000; 2021-03 spent 8,000 and received
    20,000, corrected to 9,000; U32 2021-02 spent 1,000; C → D3 allocations as there."""
    add_district_data(programme_engine)
    district_engine = programme_engine
    d3 = find_region(district_engine, "D3")
    days = (dt.date(2021, 1, 31), dt.date(2021, 2, 28), dt.date(2021, 3, 31), dt.date(2021, 12, 31))
    totals = subsidy_totals(district_engine, d3, days)
    assert totals["received"].tolist() == [0, 0, 20000, 20000]
    assert totals["spent"].tolist() == [5000, 6000, 15000, 15000]
    # D3 gets 100,000 (60,000 paid 02-01, 40,000 on 11-01) and passes 20,000 on to U31 (paid 03-01).
    assert totals["allocated"].tolist() == [100000, 120000, 120000, 120000]
    assert totals["disbursed"].tolist() == [0, 60000, 80000, 120000]
