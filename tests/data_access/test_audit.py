"""The audit trail (data_access/audit.py): searched by user, day, kind and region, and
append-only on both databases, by its triggers (migration 0007) and, on PostgreSQL, by the
rights of the dashboard's role as docs/access.md sets it up."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from data_access.audit import Event, events, record, record_many
from data_access.engine import make_engine
from data_access.schema import initialise
from tests.conftest import _postgres_base, fresh_database
from tests.fixture_users import load_regions

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = "审计记录只可追加，不可修改或删除"
T = dt.datetime


@pytest.fixture
def trail(engine):
    """Six events over four days (ids e1..e6 in the order recorded):

    e1 3-01 08:00 wang  sign_in            (no region)
    e2 3-01 09:00 wang  report_submitted   U11 (甲区, 测试市)
    e3 3-02 10:00 li    report_corrected   U21 (乙区, 测试市)
    e4 3-03 11:00 li    stage_moved        D1  (甲区 itself)
    e5 3-03 12:00 zhang setup_changed      V1  (丙区, 他市)
    e6 3-04 00:00 admin user_added         (no region)
    """
    regions = load_regions(engine)
    rows = [
        (T(2026, 3, 1, 8), "wang", Event("sign_in", "wang")),
        (
            T(2026, 3, 1, 9),
            "wang",
            Event("report_submitted", "e2", regions["U11"].id, after={"month": "2026-02"}),
        ),
        (T(2026, 3, 2, 10), "li", Event("report_corrected", "e3", regions["U21"].id, {"x": 1}, {"x": 2})),
        (T(2026, 3, 3, 11), "li", Event("stage_moved", "e4", regions["D1"].id)),
        (T(2026, 3, 3, 12), "zhang", Event("setup_changed", "e5", regions["V1"].id)),
        (T(2026, 3, 4), "admin", Event("user_added", "e6")),
    ]
    for at, user, event in rows:
        with engine.begin() as connection:
            record(connection, user, event, at)
    return engine, regions


def subjects(frame) -> list[str]:
    return [s if s.startswith("e") else "e1" for s in frame["subject"]]


def test_events_newest_first_with_their_region_and_records(trail):
    engine, _ = trail
    found = events(engine)
    assert subjects(found) == ["e6", "e5", "e4", "e3", "e2", "e1"]
    e3 = found[found["subject"] == "e3"].iloc[0]
    assert (e3["at"], e3["username"], e3["kind"], e3["region_code"], e3["region_zh"]) == (
        T(2026, 3, 2, 10),
        "li",
        "report_corrected",
        "U21",
        "街道U21",
    )
    assert (e3["before"], e3["after"]) == ('{"x": 1}', '{"x": 2}')


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"user": "wang"}, ["e2", "e1"]),
        ({"since": dt.date(2026, 3, 3)}, ["e6", "e5", "e4"]),
        ({"kinds": ("report_submitted", "report_corrected")}, ["e3", "e2"]),
        ({"region_ids": "D1"}, ["e4", "e2"]),  # 甲区 itself and its street U11
        ({"region_ids": "C"}, ["e4", "e3", "e2"]),  # the city's counties and streets
        ({"region_ids": "P"}, ["e5", "e4", "e3", "e2"]),  # both cities
        ({"region_ids": "U21"}, ["e3"]),
        ({"region_ids": ""}, []),  # no region: nothing, not everything
        ({"user": "li", "region_ids": "D1"}, ["e4"]),
        ({"user": "li", "since": dt.date(2026, 3, 3), "kinds": ("stage_moved",)}, ["e4"]),
        ({"limit": 2}, ["e6", "e5"]),
    ],
    ids=lambda value: str(value),
)
def test_events_filters(trail, filters, expected):
    engine, regions = trail
    if "region_ids" in filters:
        codes = filters["region_ids"].split()
        filters = filters | {"region_ids": [regions[code].id for code in codes]}
    assert subjects(events(engine, **filters)) == expected


def test_an_unknown_kind_is_refused_before_anything_is_written(engine):
    with pytest.raises(ValueError, match="unknown audit event kind 'deleted'"), engine.begin() as connection:
        record_many(connection, "wang", [Event("sign_in", "wang"), Event("deleted", "x")])
    assert events(engine).empty


def test_an_event_is_stored_with_its_write_or_not_at_all(engine):
    """Recorded in the write's own transaction: a write that fails leaves no audit row."""
    with pytest.raises(RuntimeError), engine.begin() as connection:
        record(connection, "wang", Event("sign_in", "wang"), T(2026, 3, 1))
        raise RuntimeError("the write failed after its event was recorded")
    assert events(engine).empty


def _one_event(engine: Engine) -> None:
    with engine.begin() as connection:
        record(connection, "wang", Event("sign_in", "wang", after={"n": 1}), T(2026, 3, 1))


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET username = 'someone else'", "DELETE FROM audit_event"],
    ids=["update", "delete"],
)
def test_raw_sql_cannot_change_or_delete_an_event(engine, statement):
    _one_event(engine)
    with pytest.raises(DBAPIError, match=REFUSAL), engine.begin() as connection:
        connection.execute(text(statement))
    found = events(engine)
    assert (list(found["username"]), list(found["after"])) == (["wang"], ['{"n": 1}'])


def test_truncate_is_refused_on_postgresql(tmp_path):
    with fresh_database("postgresql", tmp_path) as url:
        engine = make_engine(url)
        initialise(engine)
        _one_event(engine)
        with pytest.raises(DBAPIError, match=REFUSAL), engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_event"))
        assert len(events(engine)) == 1
        engine.dispose()


def test_the_dashboards_postgresql_role_holds_no_right_to_change_the_trail(tmp_path):
    """docs/access.md, "PostgreSQL: the owner and the dashboard's role": migrations run as
    the owner; the dashboard as a role granted the tables' ordinary rights but only SELECT
    and INSERT on audit_event.  Without the triggers' help (the privilege check comes
    first) that role's UPDATE, DELETE and TRUNCATE are refused by privilege (SQLSTATE 42501),
    while it starts the dashboard and writes everything else as usual."""
    role = f"oversight_app_{uuid.uuid4().hex[:8]}"
    password = uuid.uuid4().hex
    try:
        with fresh_database("postgresql", tmp_path) as url:
            owner = make_engine(url)
            initialise(owner)
            _one_event(owner)
            with owner.begin() as connection:
                schema = connection.scalar(text("SELECT current_schema()"))
                for statement in _app_role_grants(role, password, schema):
                    connection.execute(text(statement))
            owner.dispose()
            app = create_engine(make_url(url).set(username=role, password=password))
            try:
                _as_the_dashboards_role(app, role)
            finally:
                app.dispose()
    finally:  # its rights went with the schema
        with create_engine(_postgres_base()).begin() as connection:
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


def _as_the_dashboards_role(app: Engine, role: str) -> None:
    with app.connect() as connection:
        assert connection.scalar(text("SELECT current_user")) == role
    initialise(app)  # the dashboard's start: schema current, catalogue synced
    with app.begin() as connection:  # its ordinary writes
        connection.execute(text("UPDATE data_version SET version = version + 1"))
        record(connection, role, Event("sign_in", role), T(2026, 3, 2))
    for statement in (
        "UPDATE audit_event SET username = 'someone else'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
    ):
        with pytest.raises(DBAPIError) as refused, app.begin() as connection:
            connection.execute(text(statement))
        assert refused.value.orig.sqlstate == "42501", statement
        assert "permission denied" in str(refused.value.orig)
    assert list(events(app)["username"]) == [role, "wang"]


def _app_role_grants(role: str, password: str, schema: str) -> list[str]:
    """The statements docs/access.md gives, for the test's own schema and role."""
    return [
        f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'",
        f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"',
        f'REVOKE UPDATE, DELETE, TRUNCATE ON "{schema}".audit_event FROM "{role}"',
    ]


def test_the_grants_are_the_ones_docs_access_md_gives():
    doc = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    for statement in _app_role_grants("oversight_app", "PASSWORD", "public")[1:]:
        assert statement.replace('"', "") + ";" in doc, statement


# A statement of any code that would change or remove an audit row.
_CHANGES = re.compile(
    r"\b(update|delete)\(\s*AuditEvent\b|AuditEvent\.__table__\.(update|delete)\b"
    r"|\b(update|delete\s+from|truncate(\s+table)?)\s+\"?audit_event\b",
    re.IGNORECASE,
)


def changes_to_the_trail(source: str) -> list[str]:
    return [match.group(0) for match in _CHANGES.finditer(source)]


def test_no_code_path_updates_or_deletes_the_trail():
    """Outside the migration that makes the triggers and the tests that try them."""
    found = {
        str(path.relative_to(ROOT)): changes_to_the_trail(path.read_text(encoding="utf-8"))
        for folder in ("data_access", "oversight", "ui", "pages", "commands", "sample_data")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: hits for path, hits in found.items() if hits} == {}


@pytest.mark.parametrize(
    "source",
    [
        "connection.execute(update(AuditEvent).values(username='x'))",
        "connection.execute(delete( AuditEvent ))",
        "AuditEvent.__table__.delete()",
        'text("DELETE FROM audit_event WHERE id = 1")',
        "text('update audit_event set kind = 1')",
        'text("TRUNCATE TABLE audit_event")',
    ],
)
def test_the_search_finds_a_change_to_the_trail(source):
    assert changes_to_the_trail(source)
