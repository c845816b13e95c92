"""The read funnel: every read runs under a row cap and a statement time limit, on both
databases, and a read past either raises rather than returning part of the rows."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select, text

from data_access.database import ReadTimedOut, TooManyRows, read_frame, read_rows, reading
from data_access.models import Stage

# The catalogue's path has ten stages (未启动 … 复评), written by ``initialise``.
STAGES = 10

# Counts to a hundred million: seconds on either database, far past a limit of 0.2 s.
SLOW = text(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) SELECT count(*) FROM n"
)


def test_a_read_at_the_cap_returns_every_row(engine):
    with reading(engine, row_limit=STAGES) as reader:
        assert len(reader.frame(select(Stage.code))) == STAGES
        assert len(reader.rows(select(Stage.code))) == STAGES


def test_a_read_past_the_cap_raises_rather_than_truncating(engine):
    with (
        pytest.raises(TooManyRows, match=r"超过 9 行.*more than 9 rows"),
        reading(engine, row_limit=9) as reader,
    ):
        reader.frame(select(Stage.code))
    with pytest.raises(TooManyRows, match="9"), reading(engine, row_limit=9) as reader:
        reader.rows(select(Stage.code))


def test_a_read_past_the_time_limit_is_stopped_and_the_connection_stays_usable(engine):
    with (
        pytest.raises(ReadTimedOut, match=r"超过 0.2 秒.*over 0.2 s"),
        reading(engine, time_limit=0.2) as reader,
    ):
        reader.rows(SLOW)
    # The pool hands the same connection out again: no limit left over from the last read.
    assert [row.code for row in read_rows(engine, select(Stage.code).where(Stage.seq == 0))] == [
        "not_started"
    ]
    assert read_frame(engine, select(Stage.code).order_by(Stage.seq))["code"].iloc[-1] == "re_evaluation"


def test_one_time_limit_covers_every_statement_of_a_reader(engine):
    with pytest.raises(ReadTimedOut), reading(engine, time_limit=0.2) as reader:
        assert len(reader.frame(select(Stage.code))) == STAGES
        reader.frame(SLOW)


READ_MODULES_EXEMPT = {
    "database.py": "the funnel itself",
    "engine.py": "opens no connection for reading: it configures new ones",
    "schema.py": "migrations and Alembic's revision check",
    "loading.py": "writes programme data",
    "submissions.py": "writes reports",
    "reference.py": "writes the reference catalogue",
    "ranking_methods.py": "stores ranking methods (its reads go through the funnel)",
    "circulars.py": "issues circulars: the reads inside the issuing transaction that the "
    "numbering rests on (its other reads go through the funnel)",
    "intake_monthly.py": "writes uploaded reports: the read inside the writing transaction that "
    "the stale check rests on (its other reads go through the funnel)",
    "stage_records.py": "writes stage records: the reads inside the writing transaction its checks rest on",
    "intake_stages.py": "plans and writes stages uploads with the stage records' checks, "
    "on the connection of the plan or of the writing transaction",
    "intake_setup.py": "writes a city's setup: the reads inside the writing transaction that "
    "the preview's fingerprint is checked against (the preview reads on the funnel's connection)",
    "audit.py": "appends audit rows on the connection of the write they record (its search reads "
    "through the funnel)",
    "users.py": "writes users, roles and sign-in attempts: the reads inside the writing transaction "
    "its checks and the lock-out rest on (its other reads go through the funnel)",
    "write_scope.py": "the regions a write lands in, read on the writer's connection inside its "
    "transaction (the page's unit choosers read through the funnel)",
    "sessions.py": "starts, resumes and ends sign-in sessions: the read of the session row "
    "inside the transaction that moves its last click or ends it",
}
DIRECT = re.compile(r"\.connect\(\)|\.begin\(\)|read_sql|\.execute\(|\.scalar\(")


def test_every_read_module_reads_through_the_funnel():
    folder = Path(__file__).resolve().parents[2] / "data_access"
    direct = {
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(folder.glob("*.py"))
        if path.name not in READ_MODULES_EXEMPT
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if DIRECT.search(line)
    }
    assert direct == set()
