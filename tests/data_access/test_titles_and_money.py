"""Titles held and subsidy totals on the hand-written programme (see its docstring)."""

import datetime as dt

from data_access.money import subsidy_totals
from data_access.regions import find_region
from data_access.titles import titles_held


def test_titles_held_skip_revoked_and_expired(programme_engine):
    city = find_region(programme_engine, "测试市")
    # U11..U14 named 2020-09-01; U15 revoked 2020-10-01; U22 expired 2019-12-31.
    assert titles_held(programme_engine, city, dt.date(2020, 12, 31))[
        ["level_code", "units"]
    ].values.tolist() == [["national", 4]]
    assert titles_held(programme_engine, city, dt.date(2020, 6, 30))["units"].tolist() == [1]
    assert titles_held(programme_engine, city, dt.date(2020, 1, 31)).empty


def test_subsidy_totals_by_region_and_day(programme_engine):
    city = find_region(programme_engine, "测试市")
    totals = subsidy_totals(programme_engine, city, dt.date(2020, 12, 31)).to_dict()
    assert totals == {"allocated": 100000, "disbursed": 85000, "received": 0, "spent": 0}
    district = find_region(programme_engine, "乙区")
    assert subsidy_totals(programme_engine, district, dt.date(2021, 6, 30))[
        ["allocated", "disbursed"]
    ].tolist() == [
        40000,
        40000,
    ]
    assert subsidy_totals(programme_engine, district, dt.date(2020, 1, 31))["allocated"] == 0
