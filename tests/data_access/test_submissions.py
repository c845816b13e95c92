"""The write path: corrections keep what was first said; bad reports are refused with a reason."""

import datetime as dt

import pytest

from data_access.submissions import SubmissionError
from data_access.units import unit_history, unit_profile
from tests.fixture_programme import u11_report
from tests.writing import correct_report, submit_report


def test_correction_keeps_the_original_revision(programme_engine):
    history = unit_history(programme_engine, "U11")
    january = history.reports[history.reports["month"].astype(str) == "2020-01-01"]
    assert list(january["revision"]) == [1, 2]
    assert list(january["is_current"]) == [False, True]
    assert january["correction_reason"].iloc[1] == "1.1 应为 C"
    assert str(january["submitted_at"].iloc[0]) == "2020-02-05 10:00:00"


def test_second_submission_is_refused_and_points_to_correction(programme_engine):
    with pytest.raises(SubmissionError, match=r"已报送.*更正"):
        submit_report(programme_engine, u11_report(dt.date(2020, 2, 1), dt.datetime(2020, 3, 20)))


def test_correction_needs_a_reason_and_an_existing_report(programme_engine):
    with pytest.raises(SubmissionError, match="更正原因"):
        correct_report(programme_engine, u11_report(dt.date(2020, 2, 1), dt.datetime(2020, 3, 20)), " ")
    with pytest.raises(SubmissionError, match="尚无月报"):
        correct_report(programme_engine, u11_report(dt.date(2020, 6, 1), dt.datetime(2020, 7, 2)), "x")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit_code": "NOPE"}, "单位编码 NOPE 不存在"),
        ({"month": dt.date(2019, 12, 1)}, "不属于任何创建方案"),
        ({"month": dt.date(2020, 5, 15)}, "月份须为当月1日"),
        ({"stage_code": "flying"}, "未知的创建阶段 flying"),
        ({"domains": {"space": (1, 0, 0)}}, "未知的安全领域 space"),
        ({"grades": {("1.1", "overall"): "A"}}, "须覆盖评分方案的全部 45 项"),
        ({"grades": {("99.9", "overall"): "A"}}, "未知的指标项 99.9"),
        ({"participation_rate": 120.0}, "participation_rate 的值 120.0 超出允许范围"),
    ],
)
def test_bad_reports_are_refused_with_where_and_what(programme_engine, change, message):
    report = u11_report(dt.date(2020, 5, 1), dt.datetime(2020, 6, 3))
    for name, value in change.items():
        setattr(report, name, value)
    with pytest.raises(SubmissionError, match=message):
        submit_report(programme_engine, report)
    assert len(unit_history(programme_engine, "U11").reports) == 3


def test_grade_the_scheme_lacks_is_named(programme_engine):
    report = u11_report(dt.date(2020, 5, 1), dt.datetime(2020, 6, 3))
    report.grades[("1.1", "overall")] = "E"
    with pytest.raises(SubmissionError, match="等级 E 不属于评分方案"):
        submit_report(programme_engine, report)


def test_the_profile_of_an_unknown_code_is_none(programme_engine):
    assert unit_profile(programme_engine, "NOPE") is None
    assert unit_history(programme_engine, "NOPE").reports.empty


def test_a_150_point_three_part_scheme_needs_no_schema_change(programme_engine):
    """A programme graded on the on-site form: every item in three parts, a/b/c/d."""
    from decimal import Decimal

    from data_access.loading import EnrolmentSpec, ProgrammeData, TargetSpec, load_programme_data
    from data_access.regions import find_region
    from data_access.scores import current_indicator_scores
    from data_access.submissions import MonthlyReport
    from tests.fixture_programme import ALL_PARTS_A, year_programme

    target = TargetSpec("T1", "count", "C", Decimal(1), dt.date(2021, 12, 31), "x", "x", "national")
    programme = year_programme(
        "PR150",
        "现场评定",
        "On-site",
        "C",
        2021,
        [EnrolmentSpec("U13", dt.date(2021, 1, 1))],
        ("onsite150", 1),
        targets=[target],
    )
    load_programme_data(programme_engine, ProgrammeData(programmes=[programme]))
    grades = dict(ALL_PARTS_A)
    grades[("2.4", "effect")] = "d"  # worth 2 points under this scheme: 148 of 150 remain
    grades[("1.1", "evidence")] = "c"  # 1 point at 0.4: 0.6 more lost
    submit_report(
        programme_engine,
        MonthlyReport(
            "U13", dt.date(2021, 3, 1), dt.datetime(2021, 4, 2), "测试员", "implementing", grades=grades
        ),
    )
    scores = current_indicator_scores(
        programme_engine, find_region(programme_engine, "街道U13"), dt.date(2021, 3, 1)
    )
    row = scores.iloc[0]
    assert row["score"] == pytest.approx(100 * 147.4 / 150)
    assert row["failed_items"] == 1
    # Indicator 2: four items, 2.4 worth 4 points, the others 3: 13 points, 2 lost.
    assert row["s2"] == pytest.approx(100 * 11 / 13)
    # Indicator 1: six items of 3 points, 0.6 lost.
    assert row["s1"] == pytest.approx(100 * 17.4 / 18)


def test_a_refusal_reads_in_english_as_well(programme_engine):
    """The refusal is a message key: str() is the Chinese the command line prints, and the
    data entry page words it in English."""
    with pytest.raises(SubmissionError) as refused:
        submit_report(programme_engine, u11_report(dt.date(2020, 2, 1), dt.datetime(2020, 3, 20)))
    assert str(refused.value) == "U11 2020年2月 的月报已报送；如需修改请提交更正，原报送内容会保留"
    assert refused.value.text("en") == (
        "The report of U11 for Feb 2020 was sent already; to change it, send a correction (the report sent is kept)"
    )
    report = u11_report(dt.date(2020, 5, 1), dt.datetime(2020, 6, 3))
    report.grades[("1.1", "overall")] = "E"
    with pytest.raises(SubmissionError) as refused:
        submit_report(programme_engine, report)
    assert refused.value.text("en") == (
        "U11 2020-05: grades E are not in the grading scheme (allowed: A/B/C)"
    )
