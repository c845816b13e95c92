"""One community's queries on tests/fixture_community.py (its docstring has the data)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_access import catalogue, hard_rules, programmes, reports, schemes, subsidies, units
from data_access.grades import unit_item_grades
from data_access.loading import (
    EnrolmentSpec,
    ProgrammeData,
    load_programme_data,
)
from data_access.regions import find_region
from data_access.submissions import MonthlyReport, submit_report
from data_access.units import unit_history
from oversight.community import diff_revisions
from tests.fixture_community import D, load_extra
from tests.fixture_programme import ALL_PARTS_A, year_programme
from tests.query_plans import sqlite_plans


@pytest.fixture
def community_engine(programme_engine):
    load_extra(programme_engine)
    return programme_engine


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].values.tolist()


def test_choices_are_the_enrolled_units_of_the_region(community_engine):
    city = find_region(community_engine, "C")
    assert list(units.community_choices(community_engine, city)["code"]) == [
        "U11",
        "U12",
        "U13",
        "U14",
        "U15",
        "U21",
        "U22",
    ]
    d2 = find_region(community_engine, "D2")
    assert _rows(units.community_choices(community_engine, d2), ["code", "county_zh"]) == [
        ["U21", "乙区"],
        ["U22", "乙区"],
    ]


def test_choices_of_one_programme(community_engine):
    from data_access.programmes import programmes_within

    city = find_region(community_engine, "C")
    programmes = programmes_within(community_engine, city).set_index("code")
    chosen = units.community_choices(community_engine, city, int(programmes.loc["PR2", "id"]))
    assert list(chosen["code"]) == ["U12"]


def test_plan_has_each_programmes_stages(community_engine):
    plan = programmes.unit_plan(community_engine, "U12")
    assert len(plan) == 3  # PR has no planned stages: one row with empty stage columns
    pr = plan[plan["programme_code"] == "PR"].iloc[0]
    assert pd.isna(pr["seq"]) and bool(pr["is_pilot"]) and pr["enrolled_on"] == D(2020, 1, 1)
    pr2 = plan[plan["programme_code"] == "PR2"]
    assert _rows(pr2, ["stage_zh", "planned_start", "planned_end", "is_pilot"]) == [
        ["启动", D(2021, 1, 1), D(2021, 3, 31), False],
        ["实施", D(2021, 4, 1), D(2021, 12, 31), False],
    ]
    assert programmes.unit_plan(community_engine, "NOPE").empty


def test_item_grades_are_the_current_revisions_up_to_the_month(community_engine):
    grades = unit_item_grades(community_engine, "U11", D(2020, 12, 1))
    assert len(grades) == 2 * 45  # January and February; March never came
    january = grades[grades["month"] == D(2020, 1, 1)].set_index("item_code")
    assert january.at["1.1", "grade"] == "C"
    assert (january.drop(index="1.1")["grade"] == "A").all()
    assert len(unit_item_grades(community_engine, "U11", D(2020, 1, 1))) == 45
    assert unit_item_grades(community_engine, "U12", D(2020, 12, 1)).empty  # never graded
    assert list(grades["item_code"].iloc[:7]) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1"]


def test_item_grades_of_a_three_part_scheme_come_part_by_part(community_engine):
    """U13 on the 150-point on-site form from 2021: every item graded in three parts,
    a/b/c/d; in March all a but item 1.1's evidence (c) and item 2.4's effect (d)."""
    load_programme_data(
        community_engine,
        ProgrammeData(
            programmes=[
                year_programme(
                    "PR150",
                    "现场评定",
                    "On-site",
                    "C",
                    2021,
                    [EnrolmentSpec("U13", D(2021, 1, 1))],
                    ("onsite150", 1),
                )
            ]
        ),
    )
    grades = ALL_PARTS_A | {("1.1", "evidence"): "c", ("2.4", "effect"): "d"}
    submit_report(
        community_engine,
        MonthlyReport("U13", D(2021, 3, 1), dt.datetime(2021, 4, 2), "测试员", "implementing", grades=grades),
    )
    cells = unit_item_grades(community_engine, "U13", D(2021, 12, 1))
    assert len(cells) == 45 * 3
    assert _rows(cells.iloc[:4], ["item_code", "part_code", "part_seq", "grade"]) == [
        ["1.1", "existence", 1, "a"],
        ["1.1", "evidence", 2, "c"],
        ["1.1", "effect", 3, "a"],
        ["1.2", "existence", 1, "a"],
    ]
    not_a = cells[cells["grade"] != "a"]
    assert _rows(not_a, ["item_code", "part_code", "grade"]) == [
        ["1.1", "evidence", "c"],
        ["2.4", "effect", "d"],
    ]


def test_grade_values_and_parts_of_the_units_scheme(community_engine):
    used = tuple(sorted(set(unit_history(community_engine, "U11").reports["scheme_id"])))
    values = schemes.scheme_grade_values(community_engine, used)
    assert _rows(values, ["code", "fraction"]) == [["A", 1.0], ["B", 0.5], ["C", 0.0]]
    assert list(schemes.scheme_parts(community_engine, used)["code"]) == ["overall"]
    assert len(catalogue.indicator_items(community_engine)) == 45


def test_activity_sums_per_quarter_and_year(community_engine):
    columns = ["year", "quarter", "months_reported", "education_events", "inspections", "hazards_found"]
    periods = reports.unit_activity_periods(community_engine, "U12", D(2021, 12, 1))
    # Each year (quarter 0) before its quarters.  February counts with its third revision:
    # 3 inspections.
    assert _rows(periods, [*columns, "hazards_rectified"]) == [
        [2020, 0, 5, 1, 4, 7, 6],
        [2020, 1, 2, 1, 4, 6, 5],
        [2020, 2, 3, 0, 0, 1, 1],
        [2021, 0, 2, 2, 0, 0, 0],
        [2021, 1, 2, 2, 0, 0, 0],
    ]
    up_to_april = reports.unit_activity_periods(community_engine, "U12", D(2020, 4, 1))
    assert _rows(up_to_april, columns) == [
        [2020, 0, 3, 1, 4, 7],
        [2020, 1, 2, 1, 4, 6],
        [2020, 2, 1, 0, 0, 1],
    ]


def test_months_carry_running_money_totals(community_engine):
    months = reports.unit_months(community_engine, "U12", D(2020, 12, 1))
    assert _rows(months, ["month", "revision", "received_to_date", "spent_to_date"]) == [
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
    assert _rows(nonzero, ["year", "months_reported", "domain_code", "accidents", "injuries"]) == [
        [2020, 2, "home", 1, 4],
        [2020, 2, "traffic", 2, 3],
        [2021, 2, "home", 3, 3],
        [2021, 2, "traffic", 1, 1],
    ]
    january = reports.unit_domain_outcomes(community_engine, "U12", D(2021, 1, 1))
    nonzero = january[(january["accidents"] > 0) | (january["injuries"] > 0)]
    assert _rows(nonzero, ["year", "months_reported", "domain_code", "accidents", "injuries"]) == [
        [2020, 1, "home", 1, 2],
        [2020, 1, "traffic", 2, 3],
        [2021, 1, "home", 3, 3],
    ]
    assert list(outcomes["domain_code"].iloc[:2]) == ["fire", "workplace"]
    assert reports.unit_domain_outcomes(community_engine, "U13", D(2021, 2, 1)).empty


def test_allocations_to_the_unit_with_what_was_paid_by_the_day(community_engine):
    paid = subsidies.unit_allocations(community_engine, "U12", D(2020, 12, 31))
    assert _rows(paid, ["source_zh", "allocated_on", "amount", "disbursed", "note"]) == [
        ["甲区", D(2020, 1, 15), 30000.0, 20000.0, "街道补助"]
    ]
    assert subsidies.unit_allocations(community_engine, "U12", D(2021, 1, 31))["disbursed"].tolist() == [
        30000.0
    ]
    assert subsidies.unit_allocations(community_engine, "U12", D(2020, 1, 10)).empty


def test_the_fixtures_correction_is_a_grade_change(community_engine):
    history = unit_history(community_engine, "U11")
    changes = diff_revisions(history.reports, history.corrected_grades, history.corrected_domains)
    assert changes.drop(columns="changed_at").values.tolist() == [
        [D(2020, 1, 1), 2, "测试员", "1.1 应为 C", "grade", "1.1", "overall", "A", "A", "C"]
    ]
    assert changes["changed_at"].iloc[0] == pd.Timestamp(2020, 4, 20, 9)


def test_corrected_grades_and_domains_hold_every_revision(community_engine):
    grades = unit_history(community_engine, "U11").corrected_grades
    assert len(grades) == 2 * 45
    first_item = grades[grades["item_code"] == "1.1"]
    assert _rows(first_item, ["revision", "grade"]) == [[1, "A"], [2, "C"]]
    domains = unit_history(community_engine, "U12").corrected_domains
    assert _rows(domains, ["month", "revision", "domain_code", "injuries"]) == [
        [D(2020, 2, 1), 1, "home", 1],
        [D(2020, 2, 1), 2, "home", 2],
        [D(2020, 2, 1), 3, "home", 2],
    ]
    assert unit_history(community_engine, "U13").corrected_grades.empty


def test_field_and_domain_corrections_are_diffed(community_engine):
    history = unit_history(community_engine, "U12")
    changes = diff_revisions(history.reports, history.corrected_grades, history.corrected_domains)
    columns = ["revision", "changed_by", "reason", "kind", "field", "part"]
    assert _rows(changes, [*columns, "first_value", "previous_value", "new_value"]) == [
        [2, "审核员", "检查次数更正", "field", "inspections", "", 1, 1, 2],
        [2, "审核员", "检查次数更正", "domain", "home", "injuries", 1, 1, 2],
        [3, "审核员", "再次更正", "field", "inspections", "", 1, 2, 3],
        [3, "审核员", "再次更正", "field", "satisfaction_rate", "", 90.0, 90.0, 88.0],
    ]


def test_reference_lists(community_engine):
    rules = hard_rules.hard_rule_minimums(community_engine).set_index("code")
    assert rules.at["education", "period"] == "quarter" and rules.at["education", "minimum"] == 1
    assert rules.at["inspections", "period"] == "year" and rules.at["inspections", "minimum"] == 4
    assert bool(rules.at["satisfaction", "strict"]) and rules.at["satisfaction", "fail_below"] == 60
    stages = catalogue.stage_names(community_engine)
    assert list(stages["code"][:3]) == ["not_started", "launched", "implementing"]
    assert list(catalogue.safety_domains(community_engine)["code"][:2]) == ["fire", "workplace"]


def test_no_query_scans_reports_or_grades(community_engine):
    """On SQLite, every query of a unit reads its own rows through an index."""
    month = D(2021, 12, 1)

    def read() -> None:
        programmes.unit_plan(community_engine, "U12")
        unit_item_grades(community_engine, "U11", month)
        reports.unit_activity_periods(community_engine, "U12", month)
        reports.unit_months(community_engine, "U12", month)
        reports.unit_domain_outcomes(community_engine, "U12", month)
        subsidies.unit_allocations(community_engine, "U12", month)
        unit_history(community_engine, "U11")
        unit_history(community_engine, "U12")

    big = ("report", "report_grade", "report_domain", "report_summary")
    for statement, plan in sqlite_plans(community_engine, read):
        scans = [step for step in plan if step.startswith("SCAN ")]
        assert not [s for s in scans if s.split()[1] in big], (statement, scans)
