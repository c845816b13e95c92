"""The dashboard's heaviest reads go through indexes: a full scan of the grades or the
summaries would cost seconds at province scale (see shared/toolchain.md)."""

import datetime as dt

import pytest
from sqlalchemy import event

from data_access.attainment import target_progress
from data_access.hard_rules import hard_rule_measures
from data_access.heatmap import current_item_scores
from data_access.progress import current_indicator_scores, stage_counts
from data_access.regions import find_region
from data_access.target_history import target_history

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
    if programme_engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans depend on table statistics")
    statements: list[tuple[str, tuple]] = []

    def remember(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    event.listen(programme_engine, "before_cursor_execute", remember)
    try:
        query(programme_engine, find_region(programme_engine, "测试市"), dt.date(2020, 2, 1))
    finally:
        event.remove(programme_engine, "before_cursor_execute", remember)
    assert statements
    with programme_engine.connect() as connection:
        for statement, parameters in statements:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            details = [row[-1] for row in plan]
            scans = [d for d in details if any(d.startswith(f"SCAN {table}") for table in LARGE_TABLES)]
            assert not scans, f"full scan in {details}"
