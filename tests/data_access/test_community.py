"""One community's queries, on the hand-written programme plus a few reports of our own.

Besides tests/fixture_programme.py (U11's January corrected on 2020-04-20, item 1.1 from
A to C), :func:`load_extra` gives U12 reports with field and domain corrections, a
second programme with planned stages and a subsidy paid to the street itself:

- PR2 (测试市, 2021-01..2021-12, reports due the 10th), stages 启动 2021-01-01..03-31 and
  实施 2021-04-01..12-31; U12 enrolled 2021-01-01.
- An allocation of 30,000 yuan from 甲区 to U12 on 2020-01-15: 20,000 paid 2020-02-01,
  10,000 on 2021-01-10.
- U12's reports (education, trainings, inspections, hazards found/rectified, rates,
  money; domains as (projects, accidents, injuries)):

  ======== ==== ===== ==== ===== ===== ======= ======= ==================================
  month    edu  train insp found fixed partic. satisf. money, domains
  ======== ==== ===== ==== ===== ===== ======= ======= ==================================
  2020-01  1    1     1    4     3     55      85      spent 10,000, received 30,000;
                                                       home (2,1,2), traffic (1,2,3)
  2020-02  0    0     1→2→3 2    2     45      90→88   spent 5,000; home (2,0,1→2)
  2020-04  0    0     0    1     1     25      79      spent 2,500
  2020-05  0    0     0    0     0     50      80      submitted 2020-06-15 (late)
  2020-06  0    0     0    0     0     —       —
  2021-01  2    0     0    0     0     —       —       home (1,3,3)
  2021-02  0    0     0    0     0     —       —       home (1,0,0), traffic (1,1,1)
  ======== ==== ===== ==== ===== ===== ======= ======= ==================================

  February was corrected twice by 审核员: on 2020-03-20 09:30 ("检查次数更正":
  inspections 1 → 2, home injuries 1 → 2) and on 2020-04-01 14:00 ("再次更正":
  inspections 2 → 3, satisfaction 90 → 88).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import event

from data_access import catalogue, community
from data_access.loading import (
    AllocationSpec,
    EnrolmentSpec,
    ProgrammeData,
    ProgrammeSpec,
    StageSpec,
    load_programme_data,
)
from data_access.regions import find_region
from data_access.submissions import MonthlyReport, correct_report, submit_report
from data_access.units import unit_history
from oversight import catalogue as oversight_catalogue
from oversight.community import diff_revisions

D = dt.date


def _u12(month: dt.date, submitted: dt.datetime, **values) -> MonthlyReport:
    return MonthlyReport(
        unit_code="U12",
        month=month,
        submitted_at=submitted,
        submitted_by=values.pop("by", "街道员"),
        stage_code="launched",
        **values,
    )


FEBRUARY = {
    "inspections": 1,
    "hazards_found": 2,
    "hazards_rectified": 2,
    "participation_rate": 45.0,
    "satisfaction_rate": 90.0,
    "funds_spent": Decimal(5000),
    "domains": {"home": (2, 0, 1)},
}


def load_extra(engine) -> None:
    """Add the data of this module's docstring to the programme fixture's database."""
    load_programme_data(
        engine,
        ProgrammeData(
            programmes=[
                ProgrammeSpec(
                    code="PR2",
                    name_zh="第二期方案",
                    name_en="Second programme",
                    region_code="C",
                    level_code="national",
                    scheme=("abc", 1),
                    start_date=D(2021, 1, 1),
                    end_date=D(2021, 12, 31),
                    report_deadline_day=10,
                    source="test",
                    stages=[
                        StageSpec("启动", "Launch", D(2021, 1, 1), D(2021, 3, 31)),
                        StageSpec("实施", "Implementation", D(2021, 4, 1), D(2021, 12, 31)),
                    ],
                    units=[EnrolmentSpec("U12", D(2021, 1, 1))],
                )
            ],
            allocations=[
                AllocationSpec(
                    "PR",
                    "D1",
                    "U12",
                    Decimal(30000),
                    D(2020, 1, 15),
                    note="街道补助",
                    disbursements=[(D(2020, 2, 1), Decimal(20000)), (D(2021, 1, 10), Decimal(10000))],
                )
            ],
        ),
    )
    at = dt.datetime
    reports = [
        _u12(
            D(2020, 1, 1),
            at(2020, 2, 3, 10),
            education_events=1,
            trainings=1,
            inspections=1,
            hazards_found=4,
            hazards_rectified=3,
            participation_rate=55.0,
            satisfaction_rate=85.0,
            funds_spent=Decimal(10000),
            subsidy_received=Decimal(30000),
            domains={"home": (2, 1, 2), "traffic": (1, 2, 3)},
        ),
        _u12(D(2020, 2, 1), at(2020, 3, 5, 10), **FEBRUARY),
        _u12(
            D(2020, 4, 1),
            at(2020, 5, 6, 10),
            hazards_found=1,
            hazards_rectified=1,
            participation_rate=25.0,
            satisfaction_rate=79.0,
            funds_spent=Decimal(2500),
        ),
        _u12(D(2020, 5, 1), at(2020, 6, 15, 10), participation_rate=50.0, satisfaction_rate=80.0),
        _u12(D(2020, 6, 1), at(2020, 7, 8, 10)),
        _u12(D(2021, 1, 1), at(2021, 2, 5, 10), education_events=2, domains={"home": (1, 3, 3)}),
        _u12(D(2021, 2, 1), at(2021, 3, 5, 10), domains={"home": (1, 0, 0), "traffic": (1, 1, 1)}),
    ]
    for report in reports:
        submit_report(engine, report)
    second = FEBRUARY | {"inspections": 2, "domains": {"home": (2, 0, 2)}}
    correct_report(engine, _u12(D(2020, 2, 1), at(2020, 3, 20, 9, 30), by="审核员", **second), "检查次数更正")
    third = second | {"inspections": 3, "satisfaction_rate": 88.0}
    correct_report(engine, _u12(D(2020, 2, 1), at(2020, 4, 1, 14), by="审核员", **third), "再次更正")


@pytest.fixture
def community_engine(programme_engine):
    load_extra(programme_engine)
    return programme_engine


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].values.tolist()


def test_choices_are_the_enrolled_units_of_the_region(community_engine):
    city = find_region(community_engine, "C")
    assert list(community.community_choices(community_engine, city)["code"]) == [
        "U11",
        "U12",
        "U13",
        "U14",
        "U15",
        "U21",
        "U22",
    ]
    d2 = find_region(community_engine, "D2")
    assert _rows(community.community_choices(community_engine, d2), ["code", "county_zh"]) == [
        ["U21", "乙区"],
        ["U22", "乙区"],
    ]


def test_choices_of_one_programme(community_engine):
    from data_access.programmes import programmes_within

    city = find_region(community_engine, "C")
    programmes = programmes_within(community_engine, city).set_index("code")
    chosen = community.community_choices(community_engine, city, int(programmes.loc["PR2", "id"]))
    assert list(chosen["code"]) == ["U12"]


def test_plan_has_each_programmes_stages(community_engine):
    plan = community.unit_plan(community_engine, "U12")
    assert len(plan) == 3  # PR has no planned stages: one row with empty stage columns
    pr = plan[plan["programme_code"] == "PR"].iloc[0]
    assert pd.isna(pr["seq"]) and bool(pr["is_pilot"]) and pr["enrolled_on"] == D(2020, 1, 1)
    pr2 = plan[plan["programme_code"] == "PR2"]
    assert _rows(pr2, ["stage_zh", "planned_start", "planned_end", "is_pilot"]) == [
        ["启动", D(2021, 1, 1), D(2021, 3, 31), False],
        ["实施", D(2021, 4, 1), D(2021, 12, 31), False],
    ]
    assert community.unit_plan(community_engine, "NOPE").empty


def test_item_grades_are_the_current_revisions_up_to_the_month(community_engine):
    grades = community.unit_item_grades(community_engine, "U11", D(2020, 12, 1))
    assert len(grades) == 2 * 45  # January and February; March never came
    january = grades[grades["month"] == D(2020, 1, 1)].set_index("item_code")
    assert january.at["1.1", "grade"] == "C"
    assert (january.drop(index="1.1")["grade"] == "A").all()
    assert len(community.unit_item_grades(community_engine, "U11", D(2020, 1, 1))) == 45
    assert community.unit_item_grades(community_engine, "U12", D(2020, 12, 1)).empty  # never graded
    assert list(grades["item_code"].iloc[:7]) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1"]


def test_item_grades_of_a_three_part_scheme_come_part_by_part(community_engine):
    """U13 on the 150-point on-site form from 2021: every item graded in three parts,
    a/b/c/d; in March all a but item 1.1's evidence (c) and item 2.4's effect (d)."""
    load_programme_data(
        community_engine,
        ProgrammeData(
            programmes=[
                ProgrammeSpec(
                    code="PR150",
                    name_zh="现场评定",
                    name_en="On-site",
                    region_code="C",
                    level_code="national",
                    scheme=("onsite150", 1),
                    start_date=D(2021, 1, 1),
                    end_date=D(2021, 12, 31),
                    report_deadline_day=10,
                    source="test",
                    units=[EnrolmentSpec("U13", D(2021, 1, 1))],
                )
            ]
        ),
    )
    parts = ("existence", "evidence", "effect")
    grades = {(item["code"], part): "a" for item in oversight_catalogue.items() for part in parts}
    grades[("1.1", "evidence")] = "c"
    grades[("2.4", "effect")] = "d"
    submit_report(
        community_engine,
        MonthlyReport("U13", D(2021, 3, 1), dt.datetime(2021, 4, 2), "测试员", "implementing", grades=grades),
    )
    cells = community.unit_item_grades(community_engine, "U13", D(2021, 12, 1))
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
    schemes = tuple(sorted(set(unit_history(community_engine, "U11").reports["scheme_id"])))
    values = community.scheme_grade_values(community_engine, schemes)
    assert _rows(values, ["code", "fraction"]) == [["A", 1.0], ["B", 0.5], ["C", 0.0]]
    assert list(community.scheme_parts(community_engine, schemes)["code"]) == ["overall"]
    assert len(catalogue.indicator_items(community_engine)) == 45


def test_activity_sums_per_quarter_and_year(community_engine):
    columns = ["year", "quarter", "months_reported", "education_events", "inspections", "hazards_found"]
    periods = community.unit_activity_periods(community_engine, "U12", D(2021, 12, 1))
    # Each year (quarter 0) before its quarters.  February counts with its third revision:
    # 3 inspections.
    assert _rows(periods, [*columns, "hazards_rectified"]) == [
        [2020, 0, 5, 1, 4, 7, 6],
        [2020, 1, 2, 1, 4, 6, 5],
        [2020, 2, 3, 0, 0, 1, 1],
        [2021, 0, 2, 2, 0, 0, 0],
        [2021, 1, 2, 2, 0, 0, 0],
    ]
    up_to_april = community.unit_activity_periods(community_engine, "U12", D(2020, 4, 1))
    assert _rows(up_to_april, columns) == [
        [2020, 0, 3, 1, 4, 7],
        [2020, 1, 2, 1, 4, 6],
        [2020, 2, 1, 0, 0, 1],
    ]


def test_months_carry_running_money_totals(community_engine):
    months = community.unit_months(community_engine, "U12", D(2020, 12, 1))
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
    outcomes = community.unit_domain_outcomes(community_engine, "U12", D(2021, 2, 1))
    assert len(outcomes) == 2 * 12
    nonzero = outcomes[(outcomes["accidents"] > 0) | (outcomes["injuries"] > 0)]
    # 2020: January and February (home injuries 2 + the corrected 2); 2021 likewise.
    assert _rows(nonzero, ["year", "months_reported", "domain_code", "accidents", "injuries"]) == [
        [2020, 2, "home", 1, 4],
        [2020, 2, "traffic", 2, 3],
        [2021, 2, "home", 3, 3],
        [2021, 2, "traffic", 1, 1],
    ]
    january = community.unit_domain_outcomes(community_engine, "U12", D(2021, 1, 1))
    nonzero = january[(january["accidents"] > 0) | (january["injuries"] > 0)]
    assert _rows(nonzero, ["year", "months_reported", "domain_code", "accidents", "injuries"]) == [
        [2020, 1, "home", 1, 2],
        [2020, 1, "traffic", 2, 3],
        [2021, 1, "home", 3, 3],
    ]
    assert list(outcomes["domain_code"].iloc[:2]) == ["fire", "workplace"]
    assert community.unit_domain_outcomes(community_engine, "U13", D(2021, 2, 1)).empty


def test_allocations_to_the_unit_with_what_was_paid_by_the_day(community_engine):
    paid = community.unit_allocations(community_engine, "U12", D(2020, 12, 31))
    assert _rows(paid, ["source_zh", "allocated_on", "amount", "disbursed", "note"]) == [
        ["甲区", D(2020, 1, 15), 30000.0, 20000.0, "街道补助"]
    ]
    assert community.unit_allocations(community_engine, "U12", D(2021, 1, 31))["disbursed"].tolist() == [
        30000.0
    ]
    assert community.unit_allocations(community_engine, "U12", D(2020, 1, 10)).empty


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
    rules = community.hard_rule_minimums(community_engine).set_index("code")
    assert rules.at["education", "period"] == "quarter" and rules.at["education", "minimum"] == 1
    assert rules.at["inspections", "period"] == "year" and rules.at["inspections", "minimum"] == 4
    assert bool(rules.at["satisfaction", "strict"]) and rules.at["satisfaction", "fail_below"] == 60
    stages = community.stage_names(community_engine)
    assert list(stages["code"][:3]) == ["not_started", "launched", "implementing"]
    assert list(community.safety_domains(community_engine)["code"][:2]) == ["fire", "workplace"]


def test_no_query_scans_reports_or_grades(community_engine):
    """On SQLite, every query of a unit reads its own rows through an index."""
    if community_engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    statements = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(community_engine, "before_cursor_execute", grab)
    month = D(2021, 12, 1)
    try:
        community.unit_plan(community_engine, "U12")
        community.unit_item_grades(community_engine, "U11", month)
        community.unit_activity_periods(community_engine, "U12", month)
        community.unit_months(community_engine, "U12", month)
        community.unit_domain_outcomes(community_engine, "U12", month)
        community.unit_allocations(community_engine, "U12", month)
        unit_history(community_engine, "U11")
        unit_history(community_engine, "U12")
    finally:
        event.remove(community_engine, "before_cursor_execute", grab)
    big = ("report", "report_grade", "report_domain", "report_summary")
    with community_engine.connect() as connection:
        for statement, parameters in statements:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            scans = [row[-1] for row in plan if row[-1].startswith("SCAN ")]
            assert not [s for s in scans if s.split()[1] in big], (statement, scans)
