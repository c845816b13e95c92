"""Month arithmetic: reports are owed per calendar month and due on a day of the next."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd


def as_date(value) -> dt.date | None:
    """A day read from a query (a date, a timestamp, or ISO text on SQLite); None when missing."""
    if type(value) is dt.date:  # as PostgreSQL gives it: most calls, at no cost
        return value
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def next_month(month: dt.date) -> dt.date:
    """The first day of the month after ``month``."""
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from ``first`` to ``last``, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def report_deadline(month: dt.date, deadline_day: int) -> dt.datetime:
    """The last moment a month's report is on time: the end of the deadline day of the next month."""
    return dt.datetime.combine(next_month(month).replace(day=deadline_day), dt.time(23, 59, 59))


PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
"""How many months each calendar period a hard rule is judged over lasts."""


def period_of(month: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """First and last month of the calendar month, quarter or year holding ``month``."""
    length = PERIOD_MONTHS[period]
    first = dt.date(month.year, (month.month - 1) // length * length + 1, 1)
    return first, dt.date(first.year, first.month + length - 1, 1)


def last_complete_period(month: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The latest calendar period over by the end of ``month``: the one holding it when
    ``month`` is its last month, else the one before."""
    first, last = period_of(month, period)
    if last.replace(day=1) == month.replace(day=1):
        return first, last
    return period_of(first - dt.timedelta(days=1), period)


def months_owed(first: dt.date, last: dt.date, owed_from: dt.date, owed_to: dt.date) -> int:
    """How many months of the period [first, last] fall in the span [owed_from, owed_to]:
    :func:`months_between`'s count, by arithmetic (a province's ranking asks it 30,000
    times)."""
    start, end = max(first, owed_from), min(last, owed_to)
    return max((end.year - start.year) * 12 + end.month - start.month + 1, 0)
