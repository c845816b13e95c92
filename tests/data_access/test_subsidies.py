"""Subsidies per unit and to one unit, on tests/fixture_district.py and
tests/fixture_community.py (their docstrings have the data)."""

from __future__ import annotations

from data_access import subsidies
from data_access.regions import find_region
from data_access.subsidies import unit_subsidies
from tests.data_access.conftest import programme_id, rows
from tests.fixture_community import D


def _money(frame):
    return {
        code: [None if v != v else v for v in row]
        for code, *row in zip(
            frame["region_code"],
            frame["allocated"],
            frame["disbursed"],
            frame["received"],
            frame["spent"],
            strict=True,
        )
    }


def test_subsidy_per_unit_of_the_test_districts(district_engine):
    d1 = find_region(district_engine, "D1")
    frame = unit_subsidies(district_engine, d1, D(2020, 12, 31))
    assert list(frame["region_code"]) == ["D1", "U11", "U12", "U13", "U14", "U15"]
    money = _money(frame)
    assert money["D1"] == [60000.0, 60000.0, None, None]
    assert money["U11"] == [0.0, 0.0, 0.0, 0.0]
    d2 = find_region(district_engine, "D2")
    assert _money(unit_subsidies(district_engine, d2, D(2020, 12, 31)))["D2"] == [
        40000.0,
        25000.0,
        None,
        None,
    ]
    assert _money(unit_subsidies(district_engine, d2, D(2021, 1, 31)))["D2"] == [40000.0, 40000.0, None, None]
    assert _money(unit_subsidies(district_engine, d2, D(2020, 1, 31)))["D2"] == [0.0, 0.0, None, None]


def test_subsidy_per_unit_counts_current_reports_up_to_the_month(district_engine):
    d3 = find_region(district_engine, "D3")
    money = _money(unit_subsidies(district_engine, d3, D(2021, 7, 31)))
    assert money == {
        "D3": [100000.0, 60000.0, None, None],
        "U31": [20000.0, 20000.0, 20000.0, 14000.0],  # 5,000 + the corrected 9,000
        "U32": [0.0, 0.0, 0.0, 1000.0],
        "U33": [0.0, 0.0, 0.0, 0.0],
        "U34": [0.0, 0.0, 0.0, 0.0],
    }
    february = _money(unit_subsidies(district_engine, d3, D(2021, 2, 28)))
    assert february["U31"] == [20000.0, 0.0, 0.0, 5000.0]
    assert _money(unit_subsidies(district_engine, d3, D(2021, 12, 31)))["D3"][1] == 100000.0


def test_subsidy_of_one_programme(district_engine):
    d3 = find_region(district_engine, "D3")
    money = _money(unit_subsidies(district_engine, d3, D(2021, 7, 31), programme_id(district_engine, "PR")))
    # No PR money went to D3, and none of its units is enrolled in PR: only the county row.
    assert money == {"D3": [0.0, 0.0, None, None]}


def test_allocations_to_the_unit_with_what_was_paid_by_the_day(community_engine):
    paid = subsidies.unit_allocations(community_engine, "U12", D(2020, 12, 31))
    assert rows(paid, ["source_zh", "allocated_on", "amount", "disbursed", "note"]) == [
        ["甲区", D(2020, 1, 15), 30000.0, 20000.0, "街道补助"]
    ]
    assert subsidies.unit_allocations(community_engine, "U12", D(2021, 1, 31))["disbursed"].tolist() == [
        30000.0
    ]
    assert subsidies.unit_allocations(community_engine, "U12", D(2020, 1, 10)).empty


def test_county_without_enrolled_units_has_only_its_own_row(district_engine):
    d4 = find_region(district_engine, "D4")
    assert _money(unit_subsidies(district_engine, d4, D(2021, 7, 31))) == {"D4": [0.0, 0.0, None, None]}
