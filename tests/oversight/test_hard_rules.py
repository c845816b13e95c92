"""Verdicts on the indicators' numeric minimums over calendar periods (docs/rules.md)."""

import datetime as dt

import pytest

from oversight.hard_rules import judge, required
from oversight.periods import last_complete_period, period_of

D = dt.date


@pytest.mark.parametrize(
    ("value", "minimum", "strict", "fail_below", "owed", "length", "complete", "verdict"),
    [
        (55, 50, False, 30, 1, 1, True, "ok"),
        (50, 50, False, 30, 1, 1, True, "ok"),  # "不应少于50%": 50 is enough
        (45, 50, False, 30, 1, 1, True, "violated"),
        (25, 50, False, 30, 1, 1, True, "failed"),  # "少于30%视为不合格"
        (80, 80, True, 60, 1, 1, True, "violated"),  # "大于80%": 80 is not enough
        (59, 80, True, 60, 1, 1, True, "failed"),
        (None, 50, False, 30, 1, 1, True, "not_judged"),  # no rate reported
        (3, 4, False, None, 12, 12, True, "violated"),
        (3, 4, False, None, 12, 12, False, "in_progress"),  # the year still runs
        (4, 4, False, None, 12, 12, False, "ok"),  # reached: no later month undoes it
        (3, 4, False, None, 8, 12, True, "ok"),  # enrolled in May: ⌈4 × 8/12⌉ = 3
        (2, 4, False, None, 8, 12, True, "violated"),
        (0, 4, False, None, 1, 12, True, "violated"),  # enrolled in December: ⌈4/12⌉ = 1
        (0, 1, False, None, 1, 3, True, "violated"),  # a quarter's last month: ⌈1/3⌉ = 1
        (0, 4, False, None, 0, 12, True, "not_owed"),  # enrolled after the period
    ],
)
def test_judge(value, minimum, strict, fail_below, owed, length, complete, verdict):
    assert judge(value, minimum, strict, fail_below, owed, length, complete) == verdict


def test_required_is_pro_rata_rounded_up():
    assert required(4, 12, 12) == 4
    assert required(4, 8, 12) == 3  # 2.67
    assert required(4, 6, 12) == 2
    assert required(4, 7, 12) == 3  # 2.33
    assert required(1, 1, 3) == 1
    assert required(80, 1, 1) == 80


def test_calendar_periods():
    assert period_of(D(2009, 6, 1), "quarter") == (D(2009, 4, 1), D(2009, 6, 1))
    assert period_of(D(2009, 6, 1), "year") == (D(2009, 1, 1), D(2009, 12, 1))
    assert period_of(D(2009, 6, 1), "month") == (D(2009, 6, 1), D(2009, 6, 1))
    # In June the second quarter is over; the year is not, so 2008 is the latest one.
    assert last_complete_period(D(2009, 6, 1), "quarter") == (D(2009, 4, 1), D(2009, 6, 1))
    assert last_complete_period(D(2009, 5, 1), "quarter") == (D(2009, 1, 1), D(2009, 3, 1))
    assert last_complete_period(D(2009, 6, 1), "year") == (D(2008, 1, 1), D(2008, 12, 1))
    assert last_complete_period(D(2009, 12, 1), "year") == (D(2009, 1, 1), D(2009, 12, 1))
    assert last_complete_period(D(2009, 1, 1), "quarter") == (D(2008, 10, 1), D(2008, 12, 1))
