"""What the target tables and the overview's headline say; figures worked out by hand."""

import pandas as pd
import pytest

from ui.tables import needed_text, status_summary


@pytest.mark.parametrize(
    ("needed", "months", "budget", "lang", "text"),
    [
        # One unit over 30 months: 1 / 30 = 0.033 a month, which one decimal shows as 0.0.
        (1 / 30, 30.0, False, "zh", "30个月内1个"),
        (1 / 30, 30.0, False, "en", "1 (months left: 30)"),
        # Two units over 55.4 months: the months rounded to whole ones.
        (2 / 55.4, 55.4, False, "zh", "55个月内2个"),
        # One or more a month reads as a rate: 7 units over 3.5 months = 2 a month.
        (2.0, 3.5, False, "zh", "每月2个"),
        (2.0, 3.5, False, "en", "2 a month"),
        # Money is always a rate: 15,000 yuan over 6.045 months = 2,481.3 yuan a month.
        (2481.3, 6.045, True, "zh", "每月0.25万元"),
        (2481.3, 6.045, True, "en", "¥2,481 a month"),
        (None, None, False, "zh", "—"),
    ],
)
def test_what_is_still_needed_reads_as_a_person_would_say_it(needed, months, budget, lang, text):
    assert needed_text(needed, months, budget, lang) == text


def test_headline_keeps_missed_apart_from_not_yet_due():
    statuses = pd.Series(["met", "missed", "on_track", "at_risk", "on_track", "not_started"])
    assert status_summary(statuses, "zh") == (
        "共 6 项目标：已完成 1 项；未到期 4 项（按进度 2 项，未开始 1 项，有风险 1 项）；逾期未完成 1 项"
    )
    assert status_summary(statuses, "en") == (
        "Targets: 6. Met: 1; Not yet due: 4 (On track: 2, Not started: 1, At risk: 1); Missed: 1"
    )


def test_headline_before_any_target_is_due_says_none_is_missed():
    statuses = pd.Series(["met", "on_track", "not_started", "not_started", "at_risk"])
    assert (
        status_summary(statuses, "zh")
        == "共 5 项目标：已完成 1 项；未到期 4 项（按进度 1 项，未开始 2 项，有风险 1 项）"
    )
