"""Which database to use, and an engine configured the same way everywhere."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SQLITE = DATA_DIR / "oversight.db"


class DatabaseUrlError(ValueError):
    """``DATABASE_URL`` names no database we can use."""


def database_url() -> str:
    """The configured database: ``DATABASE_URL``, else the embedded SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"


SQLITE_MMAP_BYTES = 1 << 30
"""How much of an SQLite file is read through a memory map: the embedded default is a
city's few megabytes, a province's benchmark database under one gigabyte."""


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`database_url`).

    SQLite gets foreign keys switched on (they are off by default there), WAL so that
    readers never wait for a writer, a busy timeout for the rare two writers, and reads
    through a memory map.
    """
    url = url or database_url()
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUrlError(f"DATABASE_URL 无法解析：{url!r}（{error}）") from error
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise DatabaseUrlError(
        f"DATABASE_URL 只支持 sqlite:/// 或 postgresql+psycopg://，收到：{parsed.get_backend_name()}"
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # Pages read straight from the operating system's cache, not copied through a read
    # call each: a tenth off a province's reads, and shared by every connection, where a
    # bigger page cache would be one per connection (docs/performance.md).
    cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
    cursor.close()
