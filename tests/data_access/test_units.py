"""Units and their enrolments and history: community_choices and unit_history on
tests/fixture_community.py, unit_enrolments on tests/fixture_district.py (their docstrings
have the data), and enrolment_spans on tests/fixture_programme.py."""

from __future__ import annotations

import pandas as pd

from data_access import units
from data_access.database import read_frame
from data_access.regions import find_region
from data_access.units import enrolment_spans, unit_enrolments, unit_history
from oversight.community import diff_revisions
from tests.data_access.conftest import programme_id, rows
from tests.fixture_community import D


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
    assert rows(units.community_choices(community_engine, d2), ["code", "county_zh"]) == [
        ["U21", "乙区"],
        ["U22", "乙区"],
    ]


def test_choices_of_one_programme(community_engine):
    from data_access.programmes import programmes_within

    city = find_region(community_engine, "C")
    programmes = programmes_within(community_engine, city).set_index("code")
    chosen = units.community_choices(community_engine, city, int(programmes.loc["PR2", "id"]))
    assert list(chosen["code"]) == ["U12"]


def test_enrolments_of_a_county(district_engine):
    d1 = find_region(district_engine, "D1")
    frame = unit_enrolments(district_engine, d1)
    assert list(frame["unit_code"]) == ["U11", "U12", "U13", "U14", "U15"]
    assert set(frame["programme_code"]) == {"PR"}
    assert list(frame["is_pilot"].astype(bool)) == [True, True, False, False, False]
    assert set(frame["enrolled_on"]) == {D(2020, 1, 1)}


def test_units_outside_every_programme_still_appear(district_engine):
    d4 = find_region(district_engine, "D4")
    frame = unit_enrolments(district_engine, d4)
    assert list(frame["unit_code"]) == ["U41"]
    assert frame["programme_id"].isna().all()


def test_enrolments_in_another_programme_are_empty(district_engine):
    d1 = find_region(district_engine, "D1")
    frame = unit_enrolments(district_engine, d1, programme_id(district_engine, "PS"))
    assert len(frame) == 5
    assert frame["programme_id"].isna().all()


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
    assert rows(first_item, ["revision", "grade"]) == [[1, "A"], [2, "C"]]
    domains = unit_history(community_engine, "U12").corrected_domains
    assert rows(domains, ["month", "revision", "domain_code", "injuries"]) == [
        [D(2020, 2, 1), 1, "home", 1],
        [D(2020, 2, 1), 2, "home", 2],
        [D(2020, 2, 1), 3, "home", 2],
    ]
    assert unit_history(community_engine, "U13").corrected_grades.empty


def test_field_and_domain_corrections_are_diffed(community_engine):
    history = unit_history(community_engine, "U12")
    changes = diff_revisions(history.reports, history.corrected_grades, history.corrected_domains)
    columns = ["revision", "changed_by", "reason", "kind", "field", "part"]
    assert rows(changes, [*columns, "first_value", "previous_value", "new_value"]) == [
        [2, "审核员", "检查次数更正", "field", "inspections", "", 1, 1, 2],
        [2, "审核员", "检查次数更正", "domain", "home", "injuries", 1, 1, 2],
        [3, "审核员", "再次更正", "field", "inspections", "", 1, 2, 3],
        [3, "审核员", "再次更正", "field", "satisfaction_rate", "", 90.0, 90.0, 88.0],
    ]


def test_enrolment_spans(district_engine):
    """tests/fixture_programme.py: PR's seven streets enrolled 2020-01-01, PR runs through
    2020; tests/fixture_district.py: PS (2021) enrolled U31..U33 on 2021-01-01 and U34 on
    2021-03-01."""
    dates = ["enrolled_on", "start_date", "end_date"]
    pr = read_frame(district_engine, enrolment_spans(programme_id(district_engine, "PR")), dates=dates)
    assert rows(pr, dates) == [[D(2020, 1, 1), D(2020, 1, 1), D(2020, 12, 31)]] * 7
    ps = read_frame(district_engine, enrolment_spans(programme_id(district_engine, "PS")), dates=dates)
    assert sorted(rows(ps, dates)) == [[D(2021, 1, 1), D(2021, 1, 1), D(2021, 12, 31)]] * 3 + [
        [D(2021, 3, 1), D(2021, 1, 1), D(2021, 12, 31)]
    ]
    assert len(read_frame(district_engine, enrolment_spans())) == 7 + 4
