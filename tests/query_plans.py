"""SQLite's plans for the statements a query sends, so tests can check it reads through
indexes: a full scan of reports or grades costs seconds at province scale."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from bench.timing import statements


def sqlite_plans(engine: Engine, call: Callable[[], object]) -> list[tuple[str, list[str]]]:
    """Each SELECT ``call()`` sends to ``engine``, with the steps of its query plan.

    Skips the test on PostgreSQL, whose plans depend on table statistics; fails if the
    call sent nothing, so a test cannot pass by checking no statement at all.
    """
    if engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans depend on table statistics")
    sent = statements(engine, call)
    assert sent, "the call sent no statement"
    with engine.connect() as connection:
        return [
            (
                statement,
                [
                    row[-1]
                    for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                ],
            )
            for statement, parameters in sent
        ]
