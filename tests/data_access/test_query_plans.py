"""The dashboard's heaviest reads go through indexes: a full scan of the grades or the
summaries would cost seconds at province scale (see docs/performance.md)."""

import datetime as dt

import pytest

from data_access.attainment import target_progress
from data_access.hard_rules import hard_rule_measures
from data_access.regions import find_region
from data_access.scores import current_indicator_scores, current_item_scores
from data_access.stages import stage_counts
from data_access.target_history import target_history
from tests.query_plans import sqlite_plans

LARGE_TABLES = ("report_grade", "report_summary", "report", "stage_event")


def _as_of_first(query):
    """A target query (engine, as_of, region), called as the others: (engine, region, day)."""

    def call(engine, region, day):
        return query(engine, day, region)

    call.__name__ = query.__name__
    return call


def _one_day(query):
    """A query over several days, called as the others with one."""

    def call(engine, region, day):
        return query(engine, region, (day,))

    call.__name__ = query.__name__
    return call


@pytest.mark.parametrize(
    "query",
    [
        current_item_scores,
        current_indicator_scores,
        hard_rule_measures,
        _one_day(stage_counts),
        _as_of_first(target_progress),
        _as_of_first(target_history),
    ],
    ids=lambda q: q.__name__,
)
def test_no_full_scan_of_large_tables(programme_engine, query):
    city = find_region(programme_engine, "测试市")
    for _, details in sqlite_plans(
        programme_engine, lambda: query(programme_engine, city, dt.date(2020, 2, 1))
    ):
        scans = [d for d in details if any(d.startswith(f"SCAN {table}") for table in LARGE_TABLES)]
        assert not scans, f"full scan in {details}"
