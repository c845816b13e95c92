"""A unit's item grades, on tests/fixture_community.py (its docstring has the data)."""

from __future__ import annotations

import datetime as dt

from data_access.grades import unit_item_grades
from data_access.loading import EnrolmentSpec, ProgrammeData, load_programme_data
from data_access.submissions import MonthlyReport
from tests.data_access.conftest import rows
from tests.fixture_community import D
from tests.fixture_programme import ALL_PARTS_A, year_programme
from tests.writing import submit_report


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
    assert rows(cells.iloc[:4], ["item_code", "part_code", "part_seq", "grade"]) == [
        ["1.1", "existence", 1, "a"],
        ["1.1", "evidence", 2, "c"],
        ["1.1", "effect", 3, "a"],
        ["1.2", "existence", 1, "a"],
    ]
    not_a = cells[cells["grade"] != "a"]
    assert rows(not_a, ["item_code", "part_code", "grade"]) == [
        ["1.1", "evidence", "c"],
        ["2.4", "effect", "d"],
    ]
