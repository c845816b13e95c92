"""Every read of the database goes through here, as datasette's ``Database.execute``.

:func:`reading` opens a connection with a statement time limit, and its :class:`Reader`
runs each statement under a row cap.  A read that outruns either raises
:class:`ReadLimitExceeded` with a message that says which limit and what to do, rather
than hanging a page or silently handing it a truncated answer: a leader must never read
a count made from part of the rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    Row,
)
from sqlalchemy.exc import OperationalError

ROW_LIMIT = 500_000
"""Rows one statement may return.  The largest read of a page at province scale (every
item of every unit of a province's latest self-assessments) is under 250,000 rows; a
statement returning more is a mistake, not a bigger view."""

TIME_LIMIT = 30.0
"""Seconds one statement may run.  Pages read in milliseconds (``python -m bench``); this
only keeps a runaway statement from holding a server thread and a database connection."""

T = TypeVar("T")

_SQLITE_STEPS = 1000
"""SQLite virtual-machine steps between two looks at the clock."""


class ReadLimitExceeded(RuntimeError):
    """A read stopped by the time limit or the row cap; the message says which."""


class TooManyRows(ReadLimitExceeded):
    """A statement returned more rows than the cap."""


class ReadTimedOut(ReadLimitExceeded):
    """A statement ran longer than the time limit."""


class Reader:
    """Runs statements on one connection, each under the row cap."""

    def __init__(self, connection: Connection, row_limit: int) -> None:
        self.connection = connection
        self.row_limit = row_limit

    def frame(self, query, params: dict | None = None, dates: Iterable[str] = ()) -> pd.DataFrame:
        """The rows of ``query`` as a DataFrame; ``params`` for a statement built once with
        bound parameters.

        ``dates`` names the columns to hold ``datetime.date`` whatever the driver returned,
        and NaT where they are missing (an outer join's).

        ``read_sql_query``, not ``read_sql``: the latter first asks the database whether the
        statement names a table, a round trip per read on PostgreSQL.  Read in chunks of one
        row more than the cap, so the first chunk tells whether the cap is passed without
        reading the rest.
        """
        chunks = pd.read_sql_query(query, self.connection, params=params, chunksize=self.row_limit + 1)
        frame = next(iter(chunks))
        if len(frame) > self.row_limit:
            raise TooManyRows(_too_many(self.row_limit))
        for column in dates:
            frame[column] = pd.to_datetime(frame[column]).dt.date
        return frame

    def rows(self, query, params: dict | None = None) -> list[Row]:
        """The rows of ``query`` as SQLAlchemy rows, for reads that build no frame."""
        result = self.connection.execute(query, params)
        found = result.fetchmany(self.row_limit + 1)
        result.close()
        if len(found) > self.row_limit:
            raise TooManyRows(_too_many(self.row_limit))
        return found


@contextmanager
def reading(engine: Engine, time_limit: float = TIME_LIMIT, row_limit: int = ROW_LIMIT) -> Iterator[Reader]:
    """A :class:`Reader` on a connection of its own, every statement on it under the limits.

    PostgreSQL enforces the time limit itself (``SET LOCAL statement_timeout``, which ends
    with the connection's transaction); SQLite has none, so a progress handler interrupts
    a statement that runs past it.
    """
    with engine.connect() as connection:
        try:
            with _time_limit(connection, time_limit):
                yield Reader(connection, row_limit)
        except (OperationalError, pd.errors.DatabaseError) as error:
            # pandas wraps the driver's error in its own, with the original as the cause.
            if _timed_out(error) or _timed_out(error.__cause__):
                raise ReadTimedOut(
                    f"查询超过 {time_limit:g} 秒未完成，已中止：请缩小地区或月份范围后重试"
                    f"（a read ran over {time_limit:g} s and was stopped）"
                ) from error
            raise


def read_frame(engine: Engine, query, params: dict | None = None, dates: Iterable[str] = ()) -> pd.DataFrame:
    """One statement's rows as a DataFrame (:meth:`Reader.frame`), on a connection of its own."""
    with reading(engine) as reader:
        return reader.frame(query, params, dates)


def read_rows(engine: Engine, query, params: dict | None = None) -> list[Row]:
    """One statement's rows (:meth:`Reader.rows`), on a connection of its own."""
    with reading(engine) as reader:
        return reader.rows(query, params)


@contextmanager
def _time_limit(connection: Connection, seconds: float) -> Iterator[None]:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, round(seconds * 1000))}")
        yield
        return
    sqlite = connection.connection.driver_connection
    deadline = time.monotonic() + seconds
    sqlite.set_progress_handler(lambda: time.monotonic() > deadline, _SQLITE_STEPS)
    try:
        yield
    finally:
        sqlite.set_progress_handler(None, 0)


def _timed_out(error: BaseException | None) -> bool:
    """PostgreSQL's query_canceled (57014), or SQLite's interrupt by the progress handler."""
    if not isinstance(error, OperationalError):
        return False
    return getattr(error.orig, "sqlstate", None) == "57014" or "interrupted" in str(error.orig)


def _too_many(limit: int) -> str:
    return (
        f"查询结果超过 {limit:,} 行，已停止读取而不截断：请缩小地区或月份范围"
        f"（a read returned more than {limit:,} rows and was refused rather than cut short）"
    )


def typed(frame: pd.DataFrame, dtype: str, *columns: str) -> pd.DataFrame:
    """Numeric columns as ``dtype`` whatever the driver returned (PostgreSQL sums come as
    numeric), converting only the columns that need it: ``DataFrame.astype`` costs about
    a millisecond even when every column already has its type."""
    for column in columns:
        if frame[column].dtype != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame


_READERS = ThreadPoolExecutor(max_workers=5, thread_name_prefix="reader")
"""Threads for :func:`side_by_side`: a ranking reads in five groups."""


def side_by_side(engine: Engine, *reads: Callable[[], T]) -> list[T]:
    """The results of ``reads``, which do not depend on each other: on PostgreSQL each on
    a connection of its own at the same time, on SQLite one after the other.

    While one read waits on PostgreSQL's server, another builds its frames: a province's
    ranking reads in half the time.  SQLite runs in this process, so two reads only take
    turns at Python's lock, and in turns they were slower than in sequence
    (docs/performance.md).

    The reads are separate transactions, so a write that lands between them is seen by
    some and not others; a caller reads only what was settled before it asks (a ranking
    judges a month whose deadline has passed), where that makes no difference.
    """
    if engine.dialect.name != "postgresql":
        return [read() for read in reads]
    futures = [_READERS.submit(read) for read in reads]
    return [future.result() for future in futures]
