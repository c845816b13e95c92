"""A unit's reports summed per period, per month and per safety domain, on
tests/fixture_community.py (its docstring has the data)."""

from __future__ import annotations

import pandas as pd

from data_access import reports
from tests.data_access.conftest import rows
from tests.fixture_community import D


def test_activity_sums_per_quarter_and_year(community_engine):
    columns = ["year", "quarter", "months_reported", "education_events", "inspections", "hazards_found"]
    periods = reports.unit_activity_periods(community_engine, "U12", D(2021, 12, 1))
    # Each year (quarter 0) before its quarters.  February counts with its third revision:
    # 3 inspections.
    assert rows(periods, [*columns, "hazards_rectified"]) == [
        [2020, 0, 5, 1, 4, 7, 6],
        [2020, 1, 2, 1, 4, 6, 5],
        [2020, 2, 3, 0, 0, 1, 1],
        [2021, 0, 2, 2, 0, 0, 0],
        [2021, 1, 2, 2, 0, 0, 0],
    ]
    up_to_april = reports.unit_activity_periods(community_engine, "U12", D(2020, 4, 1))
    assert rows(up_to_april, columns) == [
        [2020, 0, 3, 1, 4, 7],
        [2020, 1, 2, 1, 4, 6],
        [2020, 2, 1, 0, 0, 1],
    ]


def test_months_carry_running_money_totals(community_engine):
    months = reports.unit_months(community_engine, "U12", D(2020, 12, 1))
    assert rows(months, ["month", "revision", "received_to_date", "spent_to_date"]) == [
        [D(2020, 1, 1), 1, 30000.0, 10000.0],
        [D(2020, 2, 1), 3, 30000.0, 15000.0],
        [D(2020, 4, 1), 1, 30000.0, 17500.0],
        [D(2020, 5, 1), 1, 30000.0, 17500.0],
        [D(2020, 6, 1), 1, 30000.0, 17500.0],
    ]
    assert months["satisfaction_rate"].tolist()[:2] == [85.0, 88.0]
    assert pd.isna(months["participation_rate"].iloc[-1])


def test_domain_outcomes_compare_the_same_months_of_each_year(community_engine):
    outcomes = reports.unit_domain_outcomes(community_engine, "U12", D(2021, 2, 1))
    assert len(outcomes) == 2 * 12
    nonzero = outcomes[(outcomes["accidents"] > 0) | (outcomes["injuries"] > 0)]
    # 2020: January and February (home injuries 2 + the corrected 2); 2021 likewise.
    assert rows(nonzero, ["year", "months_reported", "domain_code", "accidents", "injuries"]) == [
        [2020, 2, "home", 1, 4],
        [2020, 2, "traffic", 2, 3],
        [2021, 2, "home", 3, 3],
        [2021, 2, "traffic", 1, 1],
    ]
    january = reports.unit_domain_outcomes(community_engine, "U12", D(2021, 1, 1))
    nonzero = january[(january["accidents"] > 0) | (january["injuries"] > 0)]
    assert rows(nonzero, ["year", "months_reported", "domain_code", "accidents", "injuries"]) == [
        [2020, 1, "home", 1, 2],
        [2020, 1, "traffic", 2, 3],
        [2021, 1, "home", 3, 3],
    ]
    assert list(outcomes["domain_code"].iloc[:2]) == ["fire", "workplace"]
    assert reports.unit_domain_outcomes(community_engine, "U13", D(2021, 2, 1)).empty
