"""Warm timings: one warm-up, then the median of several runs, on the benchmark's own engine.

Data functions are called directly (``query(engine, *args)``), bypassing Streamlit's
cache: that is what a page pays on the first rerun after any write.
"""

from __future__ import annotations

import copy
import dataclasses
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from bench.apprun import FetchCall, RuleCall
from bench.best_sql import BestQuery


@dataclass
class Timed:
    """One thing timed: its name, how many calls it stands for, runs in ms, rows returned."""

    name: str
    calls: int
    runs_ms: list[float] = field(default_factory=list)
    rows: int | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms) if self.runs_ms else float("nan")


@dataclass
class Batch:
    """A group of calls timed together: the total per run and each member's own runs."""

    members: list[Timed]
    totals_ms: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.totals_ms) if self.totals_ms else 0.0

    @property
    def calls(self) -> int:
        return sum(member.calls for member in self.members)


def rows_of(result) -> int | None:
    """Rows in a result: a frame's length, summed over the frames of a dataclass."""
    if result is None:
        return 0
    if isinstance(result, pd.DataFrame | pd.Series):
        return len(result)
    if isinstance(result, list):
        return sum(len(frame) for frame in result)
    if dataclasses.is_dataclass(result):
        frames = [getattr(result, f.name) for f in dataclasses.fields(result)]
        frames = [frame for frame in frames if isinstance(frame, pd.DataFrame)]
        return sum(len(frame) for frame in frames) if frames else None
    return None


def _batch(names: Sequence[str], thunks: Sequence[Callable[[], object]], runs: int) -> Batch:
    members = [Timed(name, 1) for name in names]
    totals = []
    for run in range(runs + 1):  # run 0 warms up and is not counted
        total = 0.0
        for member, thunk in zip(members, thunks, strict=True):
            start = time.perf_counter()
            result = thunk()
            elapsed = (time.perf_counter() - start) * 1000
            if run:
                member.runs_ms.append(elapsed)
                total += elapsed
            else:
                member.rows = rows_of(result)
        if run:
            totals.append(total)
    return Batch(members, totals)


def time_fetches(engine: Engine, calls: Sequence[FetchCall], runs: int) -> Batch:
    """Each recorded data-function call, directly on ``engine``, ``runs`` warm runs."""
    return _batch(
        [_call_label(call) for call in calls],
        [lambda call=call: call.query(engine, *call.args) for call in calls],
        runs,
    )


def time_rules(calls: Sequence[RuleCall], runs: int) -> Batch:
    """Each recorded rule call on fresh copies of its recorded arguments (copying untimed)."""
    members = [Timed(call.name, 1) for call in calls]
    totals = []
    for run in range(runs + 1):
        total = 0.0
        for member, call in zip(members, calls, strict=True):
            args, kwargs = copy.deepcopy(call.args), copy.deepcopy(call.kwargs)
            start = time.perf_counter()
            call.func(*args, **kwargs)
            elapsed = (time.perf_counter() - start) * 1000
            if run:
                member.runs_ms.append(elapsed)
                total += elapsed
        if run:
            totals.append(total)
    return Batch(_merge(members), totals)


def _merge(members: list[Timed]) -> list[Timed]:
    """One line per rule: its calls in a run added up."""
    merged: dict[str, Timed] = {}
    for member in members:
        into = merged.setdefault(member.name, Timed(member.name, 0, [0.0] * len(member.runs_ms)))
        into.calls += 1
        into.runs_ms = [a + b for a, b in zip(into.runs_ms, member.runs_ms, strict=True)]
    return list(merged.values())


def time_sql(engine: Engine, queries: Sequence[BestQuery], params: dict, runs: int) -> Batch:
    """Hand-written queries, each read into a DataFrame on a connection of its own, as
    the data functions do (a parameter a query does not name is ignored)."""

    def reader(statements: tuple[str, ...]):
        def read() -> list[pd.DataFrame]:
            with engine.connect() as connection:
                return [pd.read_sql_query(text(sql), connection, params=params) for sql in statements]

        return read

    dialect = engine.dialect.name
    return _batch([q.result for q in queries], [reader(q.for_dialect(dialect)) for q in queries], runs)


def _call_label(call: FetchCall) -> str:
    shown = []
    for arg in call.args:
        if hasattr(arg, "code") and hasattr(arg, "level"):
            shown.append(f"{arg.level}:{arg.code}")
        elif isinstance(arg, list | tuple):
            shown.append("[" + ", ".join(str(a) for a in arg) + "]")
        else:
            shown.append(str(arg))
    return f"{call.name}({', '.join(shown)})"


def statements(engine: Engine, thunk: Callable[[], object]) -> list[tuple[str, object]]:
    """The SELECT statements (driver SQL and parameters) that ``thunk`` sends to the database."""
    seen: list[tuple[str, object]] = []

    def remember(connection, cursor, statement, parameters, context, executemany):
        catalogue = "pg_catalog" in statement or "sqlite_master" in statement  # pandas' table checks
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and not catalogue:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        thunk()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return seen


def slowest_statements(
    engine: Engine, thunk: Callable[[], object], top: int = 2
) -> list[tuple[float, str, str]]:
    """The ``top`` slowest distinct statements ``thunk`` sends, each re-run alone (best of
    three): (ms, statement, plan)."""
    timed = []
    for statement, parameters in dict(statements(engine, thunk)).items():
        runs = []
        try:
            with engine.connect() as connection:
                for _ in range(3):
                    start = time.perf_counter()
                    connection.exec_driver_sql(statement, parameters).fetchall()
                    runs.append((time.perf_counter() - start) * 1000)
        except SQLAlchemyError:
            continue  # a statement that cannot be replayed on its own
        timed.append((min(runs), statement, parameters))
    timed.sort(key=lambda found: -found[0])
    return [
        (ms, statement, explain(engine, statement, parameters)) for ms, statement, parameters in timed[:top]
    ]


def explain(engine: Engine, statement: str, parameters) -> str:
    """The plan: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            return "\n".join(f"{row[0]:>4} {row[1]:>4} {row[-1]}" for row in rows)
        rows = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters).all()
        return "\n".join(row[0] for row in rows)
