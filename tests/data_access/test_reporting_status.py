"""The reporting status page's data on SQLite and PostgreSQL; every figure is worked by hand
in the docstring of tests/fixture_reporting.py."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from data_access.models import Programme
from data_access.regions import find_region
from data_access.reporting_status import chase_list, completeness_by_county, reporting_matrix
from tests.fixture_reporting import AS_OF, END_OF_APRIL, FEB, JAN, MAR, T, add_first_quarter


@pytest.fixture
def quarter(programme_engine) -> Engine:
    add_first_quarter(programme_engine)
    return programme_engine


def _grid(matrix) -> dict[tuple[str, int], str]:
    """(unit, month number) → status, with "+corrected" when a correction was in."""
    return {
        (unit, month.month): status + ("+corrected" if corrected else "")
        for unit, month, status, corrected in zip(
            matrix["unit_code"], matrix["month"], matrix["status"], matrix["corrected"], strict=True
        )
    }


EXPECTED_AT_AS_OF = {
    ("U11", 1): "on_time",  # corrected only on 04-20, after the moment judged
    ("U11", 2): "late",
    ("U11", 3): "pending",
    ("U12", 1): "on_time",  # 23:59:59 on the deadline day
    ("U12", 2): "late",  # 00:00:00 the day after
    ("U12", 3): "pending",
    **{(unit, month): "missing" for unit in ("U13", "U14", "U15") for month in (1, 2)},
    **{(unit, 3): "pending" for unit in ("U13", "U14", "U15")},
    ("U21", 1): "on_time",
    ("U21", 2): "on_time+corrected",
    ("U21", 3): "pending",
    ("U22", 1): "missing",
    ("U22", 2): "missing",
    ("U22", 3): "on_time",  # by PR's 10th, the programme that started first
    ("U23", 3): "missing",  # owes from March only; due 04-05, in only on 04-09
}


def test_the_grid_holds_one_verdict_per_unit_and_month_owed(quarter):
    city = find_region(quarter, "C")
    matrix = reporting_matrix(quarter, city, JAN, MAR, AS_OF)
    assert _grid(matrix) == EXPECTED_AT_AS_OF
    assert len(matrix) == len(EXPECTED_AT_AS_OF)  # U22, in two programmes, once a month
    u23 = matrix[matrix["unit_code"] == "U23"].iloc[0]
    assert (u23["county_zh"], u23["deadline"]) == ("乙区", T(2020, 4, 5, 23, 59, 59))
    assert matrix.loc[matrix["unit_code"] == "U21", "revisions"].tolist() == [1, 2, 0]
    assert matrix["unit_code"].tolist()[:3] == ["U11", "U11", "U11"]


def test_at_the_end_of_april_the_corrections_and_the_late_report_are_in(quarter):
    city = find_region(quarter, "C")
    grid = _grid(reporting_matrix(quarter, city, JAN, MAR, END_OF_APRIL))
    assert grid[("U11", 1)] == "on_time+corrected"
    assert grid[("U23", 3)] == "late"
    assert {grid[(unit, 3)] for unit in ("U11", "U12", "U13", "U14", "U15", "U21")} == {"missing"}


def test_a_county_and_a_programme_narrow_the_grid(quarter):
    county = find_region(quarter, "D2")
    grid = _grid(reporting_matrix(quarter, county, JAN, MAR, AS_OF))
    assert grid == {key: value for key, value in EXPECTED_AT_AS_OF.items() if key[0] in ("U21", "U22", "U23")}
    with quarter.connect() as connection:
        pr2 = connection.scalar(select(Programme.id).where(Programme.code == "PR2"))
    city = find_region(quarter, "C")
    # In PR2 alone, reports are due on the 5th: U22's March report of 04-07 is late there.
    assert _grid(reporting_matrix(quarter, city, JAN, MAR, AS_OF, pr2)) == {
        ("U22", 3): "late",
        ("U23", 3): "missing",
    }


def test_the_chase_list_names_the_overdue_first_with_their_county(quarter):
    city = find_region(quarter, "C")
    march = chase_list(quarter, city, MAR, AS_OF)
    assert march[["unit_code", "county_zh", "status", "days_overdue"]].values.tolist() == [
        ["U23", "乙区", "missing", 3],
        *[[unit, "甲区", "pending", 0] for unit in ("U11", "U12", "U13", "U14", "U15")],
        ["U21", "乙区", "pending", 0],
    ]
    february = chase_list(quarter, city, FEB, AS_OF)
    assert february[["unit_code", "days_overdue"]].values.tolist() == [
        ["U13", 29],
        ["U14", 29],
        ["U15", 29],
        ["U22", 29],
    ]
    assert set(february["county_en"]) == {"District One", "District Two"}


def test_completeness_and_timeliness_per_county_and_month(quarter):
    city = find_region(quarter, "C")
    rates = completeness_by_county(quarter, city, JAN, MAR, AS_OF)
    columns = [
        "county_zh",
        "owed",
        "on_time",
        "late",
        "missing",
        "pending",
        "corrected",
        "completeness",
        "timeliness",
    ]
    rows = [
        [*row[:7], None if row[7] != row[7] else row[7], None if row[8] != row[8] else row[8]]
        for row in rates[columns].values.tolist()
    ]
    assert [month.month for month in rates["month"]] == [1, 2, 3, 1, 2, 3]
    assert rows == [
        ["甲区", 5, 2, 0, 3, 0, 0, 40.0, 40.0],
        ["甲区", 5, 0, 2, 3, 0, 0, 40.0, 0.0],
        ["甲区", 5, 0, 0, 0, 5, 0, None, None],
        ["乙区", 2, 1, 0, 1, 0, 0, 50.0, 50.0],
        ["乙区", 2, 1, 0, 1, 0, 1, 50.0, 50.0],
        ["乙区", 3, 1, 0, 1, 1, 0, 50.0, 50.0],
    ]


def test_nothing_owed_before_the_programme(quarter):
    city = find_region(quarter, "C")
    before = dt.date(2019, 6, 1)
    assert reporting_matrix(quarter, city, before, before, AS_OF).empty
    assert chase_list(quarter, city, before, AS_OF).empty
    assert completeness_by_county(quarter, city, before, before, AS_OF).empty
