import datetime as dt

from oversight.periods import month_end, months_between, next_month, report_deadline


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
