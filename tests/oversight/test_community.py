"""The community page's rules, on tiny frames worked out by hand."""

import datetime as dt

import pandas as pd
import pytest

from oversight.community import (
    diff_revisions,
    judge_months,
    judge_periods,
    period_bounds,
    reports_owed,
    stage_on,
    title_status,
    title_statuses,
)
from oversight.periods import months_owed

D = dt.date


@pytest.mark.parametrize(
    ("named", "until", "revoked", "renewed", "day", "expected"),
    [
        (D(2020, 9, 1), D(2025, 8, 31), None, False, D(2020, 8, 31), "not_yet"),
        (D(2020, 9, 1), D(2025, 8, 31), None, False, D(2020, 9, 1), "valid"),
        (D(2020, 9, 1), D(2025, 8, 31), None, False, D(2025, 8, 31), "valid"),  # the last valid day
        (D(2020, 9, 1), D(2025, 8, 31), None, False, D(2025, 9, 1), "expired"),
        (D(2020, 5, 1), D(2025, 4, 30), D(2020, 10, 1), False, D(2020, 9, 30), "valid"),
        (D(2020, 5, 1), D(2025, 4, 30), D(2020, 10, 1), False, D(2020, 10, 1), "revoked"),
        (D(2011, 12, 28), D(2016, 12, 28), None, True, D(2017, 1, 1), "renewed"),
        (D(2015, 1, 1), None, None, False, D(2040, 1, 1), "valid"),  # no end date
    ],
)
def test_title_status(named, until, revoked, renewed, day, expected):
    assert title_status(named, until, revoked, renewed, day) == expected


def _titles() -> pd.DataFrame:
    # As in the Dawukou sample: a national title of 2011 renewed on 2016-12-20 before it
    # ran out, an international one, and a revoked one.
    return pd.DataFrame(
        {
            "id": [1, 5, 6, 7],
            "named_on": [D(2011, 12, 28), D(2015, 12, 18), D(2016, 12, 20), D(2013, 12, 16)],
            "valid_until": [D(2016, 12, 28), D(2020, 12, 17), D(2021, 12, 19), D(2018, 12, 16)],
            "revoked_on": [None, None, None, D(2017, 6, 30)],
            "renews_id": [None, None, 1, None],
        }
    )


def test_a_renewal_counts_once_it_is_named():
    before = title_statuses(_titles(), D(2016, 12, 19))
    assert before["status"].tolist() == ["valid", "valid", "not_yet", "valid"]
    assert before["renewed_by"].isna().all()
    after = title_statuses(_titles(), D(2017, 7, 1))
    assert after["status"].tolist() == ["renewed", "valid", "valid", "revoked"]
    assert after["renewed_by"].tolist()[0] == 6
    late = title_statuses(_titles(), D(2021, 1, 1))
    assert late["status"].tolist() == ["renewed", "expired", "valid", "revoked"]


def test_no_titles():
    empty = _titles().iloc[0:0]
    assert title_statuses(empty, D(2020, 1, 1)).empty


def test_stage_on_a_day():
    events = pd.DataFrame(
        {
            "entered_on": [D(2020, 2, 1), D(2020, 3, 1)],
            "stage_code": ["launched", "implementing"],
        }
    )
    assert stage_on(events, D(2020, 1, 31)) is None
    assert stage_on(events, D(2020, 2, 29))["stage_code"] == "launched"
    assert stage_on(events, D(2020, 3, 1))["stage_code"] == "implementing"
    assert stage_on(events.iloc[0:0], D(2020, 3, 1)) is None


def test_periods_and_months_owed():
    assert period_bounds(2020, 2) == (D(2020, 4, 1), D(2020, 6, 1))
    assert period_bounds(2020, 0) == (D(2020, 1, 1), D(2020, 12, 1))
    # Enrolled in May: the second quarter owes May and June; a year from May owes 8.
    assert months_owed(D(2011, 4, 1), D(2011, 6, 1), D(2011, 5, 1), D(2015, 12, 1)) == 2
    assert months_owed(D(2011, 1, 1), D(2011, 12, 1), D(2011, 5, 1), D(2015, 12, 1)) == 8
    assert months_owed(D(2016, 1, 1), D(2016, 3, 1), D(2011, 5, 1), D(2015, 12, 1)) == 0


def test_reports_submitted_against_reports_owed():
    # Owed from January 2020 to December 2020; every revision of a month counts once.
    months = [D(2019, 12, 1), D(2020, 1, 1), D(2020, 1, 1), D(2020, 2, 1), D(2021, 1, 1)]
    assert reports_owed(months, D(2020, 1, 1), D(2020, 12, 1), D(2020, 6, 1)) == (2, 6)
    assert reports_owed(months, D(2020, 1, 1), D(2020, 12, 1), D(2021, 6, 1)) == (2, 12)
    assert reports_owed(months, D(2020, 1, 1), D(2020, 12, 1), D(2019, 10, 1)) == (0, 0)


RULES = pd.DataFrame(
    {
        "code": ["education", "inspections", "participation", "satisfaction"],
        "measure": ["education_events", "inspections", "participation_rate", "satisfaction_rate"],
        "period": ["quarter", "year", "month", "month"],
        "minimum": [1.0, 4.0, 50.0, 80.0],
        "strict": [False, False, False, True],
        "fail_below": [None, None, 30.0, 60.0],
    }
)


def test_quarters_are_judged_once_over_and_missing_months_count_as_none():
    # Owed from February 2020, viewed in August 2020.
    sums = pd.DataFrame(
        {
            "year": [2020, 2020, 2020],
            "quarter": [1, 2, 3],
            "months_reported": [2, 2, 2],
            "education_events": [0, 0, 1],
            "trainings": [3, 0, 0],
        }
    )
    judged = judge_periods(
        sums,
        RULES,
        "quarter",
        ["education_events", "trainings"],
        D(2020, 2, 1),
        D(2020, 12, 1),
        D(2020, 8, 1),
    )
    education = judged[judged["measure"] == "education_events"]
    # Q1 owed Feb and Mar (⌈1 × 2/3⌉ = 1 required), both reported: 0 < 1 → violated.
    # Q2 lacks a month, which adds nothing: 0 < 1 → violated.  Q3 is still open (July and
    # August owed so far), but one event already meets the minimum → ok.
    assert education[
        ["quarter", "months_owed", "months_reported", "required", "complete", "verdict"]
    ].values.tolist() == [
        [1, 2, 2, 1.0, True, "violated"],
        [2, 3, 2, 1.0, True, "violated"],
        [3, 2, 2, 1.0, False, "ok"],
    ]
    trainings = judged[judged["measure"] == "trainings"]
    assert trainings["verdict"].tolist() == ["no_rule"] * 3
    assert trainings["value"].tolist() == [3.0, 0.0, 0.0]
    assert pd.isna(trainings["minimum"]).all()


def test_a_period_owed_but_never_reported_counts_as_zero():
    sums = pd.DataFrame({"year": [2020], "quarter": [0], "months_reported": [12], "inspections": [5]})
    judged = judge_periods(
        sums, RULES, "year", ["inspections"], D(2020, 1, 1), D(2021, 12, 1), D(2021, 12, 1)
    )
    assert judged[["year", "value", "months_reported", "verdict"]].values.tolist() == [
        [2020, 5.0, 12, "ok"],
        [2021, 0.0, 0, "violated"],
    ]


def test_a_year_enrolled_in_part_asks_the_minimum_pro_rata():
    # Enrolled in May 2020: 8 months of 2020, ⌈4 × 8/12⌉ = 3 inspections; 2021 whole, 4.
    sums = pd.DataFrame(
        {"year": [2020, 2021], "quarter": [0, 0], "months_reported": [8, 6], "inspections": [3, 3]}
    )
    judged = judge_periods(sums, RULES, "year", ["inspections"], D(2020, 5, 1), D(2021, 12, 1), D(2021, 6, 1))
    assert judged[["year", "months_owed", "required", "complete", "verdict"]].values.tolist() == [
        [2020, 8, 3.0, True, "ok"],
        [2021, 6, 4.0, False, "in_progress"],
    ]


def test_nothing_owed_before_the_start():
    sums = pd.DataFrame(columns=["year", "quarter", "months_reported", "inspections"])
    judged = judge_periods(sums, RULES, "year", ["inspections"], D(2020, 1, 1), D(2020, 12, 1), D(2019, 6, 1))
    assert judged.empty


def test_monthly_rates_against_the_minimum_and_the_fail_line():
    months = pd.DataFrame(
        {
            "month": [D(2020, 1, 1), D(2020, 2, 1), D(2020, 3, 1), D(2020, 4, 1)],
            "participation_rate": [55.0, 45.0, 25.0, None],
            "satisfaction_rate": [85.0, 80.0, 59.0, None],
        }
    )
    judged = judge_months(months, RULES)
    assert judged[judged["rule_code"] == "participation"]["verdict"].tolist() == [
        "ok",
        "violated",
        "failed",
        "not_judged",
    ]
    # Satisfaction must be above 80%: exactly 80 falls short.
    assert judged[judged["rule_code"] == "satisfaction"]["verdict"].tolist() == [
        "ok",
        "violated",
        "failed",
        "not_judged",
    ]


def _revisions() -> pd.DataFrame:
    """U11 of the fixture (January corrected, grades only) and a February of our own,
    corrected twice: inspections 1 → 2 → 3, satisfaction 90 → 90 → 88."""
    return pd.DataFrame(
        {
            "month": [D(2020, 1, 1), D(2020, 1, 1), D(2020, 2, 1), D(2020, 2, 1), D(2020, 2, 1)],
            "revision": [1, 2, 1, 2, 3],
            "submitted_at": pd.to_datetime(
                [
                    "2020-02-05 10:00",
                    "2020-04-20 09:00",
                    "2020-03-15 10:00",
                    "2020-03-20 09:30",
                    "2020-04-01 14:00",
                ]
            ),
            "submitted_by": ["测试员", "测试员", "测试员", "审核员", "审核员"],
            "correction_reason": [None, "1.1 应为 C", None, "检查次数更正", "再次更正"],
            "stage_code": ["launched"] * 5,
            "inspections": [1, 1, 1, 2, 3],
            "satisfaction_rate": [85.0, 85.0, 90.0, 90.0, 88.0],
            "progress_text": ["", "", "", "", ""],
        }
    )


def _grades() -> pd.DataFrame:
    items = ["1.1", "1.2"]
    rows = [(D(2020, 1, 1), 1, item, "overall", "A") for item in items]
    rows += [(D(2020, 1, 1), 2, "1.1", "overall", "C"), (D(2020, 1, 1), 2, "1.2", "overall", "A")]
    return pd.DataFrame(rows, columns=["month", "revision", "item_code", "part_code", "grade"])


def test_the_fixtures_correction_changes_one_grade():
    reports = _revisions()
    changes = diff_revisions(reports[reports["month"] == D(2020, 1, 1)], _grades())
    assert changes.values.tolist() == [
        [
            D(2020, 1, 1),
            2,
            pd.Timestamp("2020-04-20 09:00"),
            "测试员",
            "1.1 应为 C",
            "grade",
            "1.1",
            "overall",
            "A",
            "A",
            "C",
        ]
    ]


def test_each_correction_shows_the_first_the_previous_and_the_new_value():
    changes = diff_revisions(_revisions(), _grades())
    february = changes[changes["month"] == D(2020, 2, 1)]
    assert february[
        ["revision", "changed_by", "field", "first_value", "previous_value", "new_value"]
    ].values.tolist() == [
        [2, "审核员", "inspections", 1, 1, 2],
        [3, "审核员", "inspections", 1, 2, 3],
        [3, "审核员", "satisfaction_rate", 90.0, 90.0, 88.0],
    ]
    assert changes["month"].tolist() == [D(2020, 1, 1), D(2020, 2, 1), D(2020, 2, 1), D(2020, 2, 1)]


def test_a_grade_or_domain_a_correction_drops_or_adds_shows_as_missing():
    reports = _revisions()
    grades = _grades()
    grades = grades[~((grades["revision"] == 2) & (grades["item_code"] == "1.2"))]
    domains = pd.DataFrame(
        {
            "month": [D(2020, 2, 1), D(2020, 2, 1)],
            "revision": [1, 3],
            "domain_code": ["home", "traffic"],
            "projects_running": [2, 1],
            "accidents": [0, 1],
            "injuries": [1, 0],
            "deaths": [0, 0],
        }
    )
    changes = diff_revisions(reports, grades, domains)
    dropped = changes[(changes["kind"] == "grade") & (changes["field"] == "1.2")]
    assert dropped[["first_value", "previous_value", "new_value"]].values.tolist() == [["A", "A", None]]
    domain_rows = changes[changes["kind"] == "domain"]
    # home vanished in revision 2 (all four counts); traffic appeared in revision 3.
    assert domain_rows[["revision", "field", "part", "previous_value", "new_value"]].values.tolist() == [
        [2, "home", "projects_running", 2, None],
        [2, "home", "accidents", 0, None],
        [2, "home", "injuries", 1, None],
        [2, "home", "deaths", 0, None],
        [3, "traffic", "projects_running", None, 1],
        [3, "traffic", "accidents", None, 1],
        [3, "traffic", "injuries", None, 0],
        [3, "traffic", "deaths", None, 0],
    ]


def test_no_corrections():
    reports = _revisions()
    assert diff_revisions(reports[reports["revision"] == 1]).empty
    same = reports[reports["month"] == D(2020, 1, 1)]
    assert diff_revisions(same).empty  # January's correction changed grades only, none given here
