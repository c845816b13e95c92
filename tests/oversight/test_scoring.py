"""Scoring under schemes with one part per item and with three, worked by hand."""

import datetime as dt

import pytest

from oversight.scoring import IncompleteAssessment, Scheme, scheme_for, score_assessment

# Two indicators: items 1 and 2 belong to indicator 1, item 3 to indicator 2.
INDICATOR_OF = {1: 1, 2: 1, 3: 2} | {i: i - 1 for i in range(4, 14)}


def _abc() -> Scheme:
    points = {(item, "overall"): 1.0 for item in INDICATOR_OF}
    return Scheme(1, {"A": 1.0, "B": 0.5, "C": 0.0}, points, INDICATOR_OF)


def test_abc_scores_are_shares_of_points():
    grades = {(item, "overall"): "A" for item in INDICATOR_OF} | {(1, "overall"): "B", (3, "overall"): "C"}
    score = score_assessment(grades, _abc())
    # 13 items: 11 A + 1 B (0.5) + 1 C = 11.5 points.
    assert (score.points, score.max_points, score.failed_items) == (11.5, 13, 1)
    assert score.score == pytest.approx(100 * 11.5 / 13)
    assert score.indicators[0] == pytest.approx(75.0)  # (0.5 + 1) / 2
    assert score.indicators[1] == 0.0


def test_three_part_scheme_with_weighted_effect():
    points = {
        (item, part): (2.0 if part == "effect" else 1.0)
        for item in INDICATOR_OF
        for part in ("existence", "evidence", "effect")
    }
    scheme = Scheme(2, {"a": 1.0, "b": 0.7, "c": 0.4, "d": 0.0}, points, INDICATOR_OF)
    grades = {key: "a" for key in points} | {(1, "effect"): "c", (2, "evidence"): "d"}
    score = score_assessment(grades, scheme)
    # 13 items × 4 points = 52; item 1 loses 2 × 0.6 = 1.2, item 2 loses 1.
    assert score.max_points == 52
    assert score.points == pytest.approx(49.8)
    assert score.failed_items == 1  # item 2 has a part at zero
    assert score.indicators[0] == pytest.approx(100 * (8 - 2.2) / 8)


def test_incomplete_assessment_is_refused():
    with pytest.raises(IncompleteAssessment, match="缺 12 项"):
        score_assessment({(1, "overall"): "A"}, _abc())


def test_the_latest_starting_programme_covering_the_month_decides_the_scheme():
    """A unit in programme 1 (2020, scheme 1) and programme 2 (from 2020-02-15 to
    2021-06-30, scheme 2): January is graded under 1; February under 2 (started in the
    month, so it covers it); July 2021 under neither, owing nothing."""
    programmes = [
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31), 1),
        (dt.date(2020, 2, 15), dt.date(2021, 6, 30), 2),
    ]
    assert [scheme_for(programmes, dt.date(*month, 1)) for month in ((2020, 1), (2020, 2), (2021, 7))] == [
        1,
        2,
        None,
    ]
