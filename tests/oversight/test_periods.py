import datetime as dt

import pandas as pd

from oversight.periods import as_date, month_end, months_between, next_month, report_deadline


def test_month_arithmetic_across_years_and_leap_days():
    assert next_month(dt.date(2015, 12, 1)) == dt.date(2016, 1, 1)
    assert month_end(dt.date(2016, 2, 1)) == dt.date(2016, 2, 29)
    assert months_between(dt.date(2015, 11, 20), dt.date(2016, 2, 1)) == [
        dt.date(2015, 11, 1),
        dt.date(2015, 12, 1),
        dt.date(2016, 1, 1),
        dt.date(2016, 2, 1),
    ]


def test_december_report_is_due_in_january():
    assert report_deadline(dt.date(2015, 12, 1), 5) == dt.datetime(2016, 1, 5, 23, 59, 59)


def test_a_day_as_either_database_returns_it():
    # PostgreSQL returns dates and timestamps, SQLite ISO text; a missing day stays missing.
    assert as_date(dt.date(2015, 12, 1)) == dt.date(2015, 12, 1)
    assert as_date(dt.datetime(2015, 12, 1, 23, 59)) == dt.date(2015, 12, 1)
    assert as_date("2015-12-01 00:00:00.000000") == dt.date(2015, 12, 1)
    assert as_date(None) is None
    assert as_date(pd.NaT) is None
