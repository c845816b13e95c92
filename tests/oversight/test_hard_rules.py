"""Verdicts on the indicators' numeric minimums."""

import pytest

from oversight.hard_rules import judge


@pytest.mark.parametrize(
    ("value", "minimum", "strict", "fail_below", "complete", "verdict"),
    [
        (55, 50, False, 30, True, "ok"),
        (50, 50, False, 30, True, "ok"),  # "不应少于50%": 50 is enough
        (45, 50, False, 30, True, "violated"),
        (25, 50, False, 30, True, "failed"),  # "少于30%视为不合格"
        (80, 80, True, 60, True, "violated"),  # "大于80%": 80 is not enough
        (59, 80, True, 60, True, "failed"),
        (3, 4, False, None, True, "violated"),
        (3, 4, False, None, False, "not_judged"),  # a year not fully reported yet
        (4, 4, False, None, False, "ok"),  # already reached: no missing month undoes it
        (None, 50, False, 30, True, "not_judged"),
    ],
)
def test_judge(value, minimum, strict, fail_below, complete, verdict):
    assert judge(value, minimum, strict, fail_below, complete) == verdict
