"""The one rule for a monthly report: on time, late, missing or pending (docs/rules.md)."""

import datetime as dt

import pandas as pd
import pytest

from oversight.periods import report_deadline
from oversight.reporting import report_deadlines, report_status

D, T = dt.date, dt.datetime
DUE = report_deadline(D(2020, 1, 1), 10)  # 2020-02-10 23:59:59


@pytest.mark.parametrize(
    ("submitted", "judged_at", "status"),
    [
        (T(2020, 2, 10, 23, 59, 59), None, "on_time"),  # exactly at the deadline
        (T(2020, 2, 10, 23, 59, 59, 900000), None, "on_time"),  # still the deadline's second
        (T(2020, 2, 11, 0, 0, 0), None, "late"),  # a second after
        (pd.Timestamp("2020-02-11 00:00:00"), None, "late"),
        (T(2020, 2, 5), T(2020, 2, 8), "on_time"),
        (T(2020, 2, 9), T(2020, 2, 8), "pending"),  # not yet there when judged, not yet due
        (T(2020, 2, 12), T(2020, 2, 11), "missing"),  # due, and not there when judged
        (None, T(2020, 2, 10, 23, 59, 59), "pending"),  # the deadline's own second
        (None, T(2020, 2, 11), "missing"),
        (pd.NaT, T(2020, 2, 11), "missing"),
        (None, None, "missing"),
    ],
)
def test_report_status(submitted, judged_at, status):
    assert report_status(submitted, DUE, judged_at) == status


def test_each_month_is_due_by_its_own_programme():
    plan = pd.DataFrame(
        {
            "start_date": [D(2021, 1, 1), D(2020, 1, 1)],
            "end_date": [D(2021, 12, 31), D(2020, 12, 31)],
            "report_deadline_day": [5, 10],
        }
    )
    deadlines = report_deadlines([D(2020, 12, 1), D(2021, 1, 1), D(2022, 1, 1)], plan)
    assert deadlines == {
        D(2020, 12, 1): T(2021, 1, 10, 23, 59, 59),  # 2020's programme: the 10th
        D(2021, 1, 1): T(2021, 2, 5, 23, 59, 59),  # 2021's: the 5th
        D(2022, 1, 1): None,  # in no programme
    }
