"""Storing issued circulars: numbering per office and year, corrections that supersede,
files read back byte for byte, and a database that refuses to change what was issued.

What is frozen is opaque to the storage, so these tests freeze small hand-written texts
and bytes; the freeze of a real circular is in tests/data_access/test_circular_freeze.py.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from data_access.circulars import (
    Frozen,
    IssueError,
    add_file,
    archive,
    circular,
    circular_file,
    document_number,
    issue,
    issued,
    issued_in_year,
    next_serial,
    office_of,
    store_office,
    stored_kinds,
    versions,
)
from data_access.models import CircularFile, IssuedCircular
from data_access.regions import find_region
from oversight.access import Scope
from tests.data_access.conftest import programme_id

JAN, FEB, MAR = dt.date(2020, 1, 1), dt.date(2020, 2, 1), dt.date(2020, 3, 1)


def frozen(tag: str):
    """A ``make`` that freezes texts naming ``tag`` and the 文号 it is given."""

    def make(number: str) -> Frozen:
        return Frozen(
            method_version=0,
            method_json='{"version": 0}',
            inputs_json=f'{{"tag": "{tag}"}}',
            ranking_json=f'{{"ranking": "{tag}"}}',
            circular_json=f'{{"number": "{number}", "tag": "{tag}"}}',
            files={"xlsx": f"xlsx {tag} {number}".encode(), "docx": f"docx {tag} {number}".encode()},
        )

    return make


@pytest.fixture
def city(programme_engine):
    engine = programme_engine
    region = find_region(engine, "C")
    office = store_office(
        engine,
        region,
        "测试市安全生产监督管理局",
        "测安通",
        "各区安监局：",
        "市政府办公室",
        scope=Scope.command_line(),
    )
    return engine, region, office, programme_id(engine, "PR")


def _issue(city, month, on, tag, **more):
    engine, region, office, programme = city
    return issue(
        engine, region, programme, month, office, on, Scope.command_line("张三"), frozen(tag), **more
    )


def test_the_number_is_in_the_national_form():
    assert document_number("遂安监通", 2015, 9) == "遂安监通〔2015〕9号"


def test_the_office_is_stored_once_per_region(city):
    engine, region, office, _ = city
    assert office_of(engine, region) == office
    assert office.addressees == "各区安监局：" and office.copy_to == "市政府办公室"
    with pytest.raises(IssueError, match="已有发文机关"):
        store_office(engine, region, "另一个局", "测另通", scope=Scope.command_line())
    assert office_of(engine, find_region(engine, "D1")) is None


def test_circulars_are_numbered_per_office_and_year_of_issue(city):
    engine, _, office, programme = city
    assert next_serial(engine, office, 2020) == 1
    first = _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    second = _issue(city, FEB, dt.date(2020, 3, 8), "feb")
    # Issued in the next year: the count starts again.
    third = _issue(city, MAR, dt.date(2021, 1, 8), "mar")
    assert [first.number, second.number, third.number] == [
        "测安通〔2020〕1号",
        "测安通〔2020〕2号",
        "测安通〔2021〕1号",
    ]
    # Another office counts on its own.
    district = find_region(engine, "D1")
    other = store_office(engine, district, "甲区安全生产监督管理局", "甲安监通", scope=Scope.command_line())
    own = issue(
        engine, district, programme, JAN, other, dt.date(2020, 2, 9), Scope.command_line("李四"), frozen("d1")
    )
    assert own.number == "甲安监通〔2020〕1号"
    assert next_serial(engine, office, 2020) == 3


def test_an_issued_circular_reads_back_as_frozen(city):
    engine, region, _, programme = city
    done = _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    back = issued(engine, region, programme, dt.date(2020, 1, 15))
    assert back == done
    assert (back.version, back.supersedes_id, back.superseded_by, back.reason) == (1, None, None, None)
    assert back.circular_json == '{"number": "测安通〔2020〕1号", "tag": "jan"}'
    assert (back.office_zh, back.issued_by, back.issued_on) == (
        "测试市安全生产监督管理局",
        "张三",
        dt.date(2020, 2, 8),
    )
    assert circular_file(engine, back.id, "docx") == "docx jan 测安通〔2020〕1号".encode()
    assert circular_file(engine, back.id, "pdf") is None
    assert issued(engine, region, programme, FEB) is None


def test_a_month_is_issued_once_and_then_only_corrected(city):
    _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    with pytest.raises(IssueError, match="已印发（测安通〔2020〕1号）"):
        _issue(city, JAN, dt.date(2020, 2, 9), "again")


def test_a_correction_supersedes_and_the_old_version_stays_readable(city):
    engine, region, _, programme = city
    first = _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    with pytest.raises(IssueError, match="更正原因"):
        _issue(city, JAN, dt.date(2020, 2, 20), "jan-2", supersedes=first, reason=" ")
    second = _issue(city, JAN, dt.date(2020, 2, 20), "jan-2", supersedes=first, reason="U11 一月月报更正")
    assert (second.version, second.supersedes_id, second.reason) == (2, first.id, "U11 一月月报更正")
    assert second.number == "测安通〔2020〕2号"
    assert issued(engine, region, programme, JAN) == second
    old = circular(engine, first.id)
    assert old.superseded_by == second.id
    assert old.circular_json == first.circular_json
    assert circular_file(engine, first.id, "xlsx") == "xlsx jan 测安通〔2020〕1号".encode()
    assert [v.id for v in versions(engine, region, programme, JAN)] == [first.id, second.id]
    assert [v.id for v in issued_in_year(engine, region, programme, 2020)] == [second.id]
    # Correcting a version already superseded is refused: someone corrected it first.
    with pytest.raises(IssueError, match="已不是现行版本"):
        _issue(city, JAN, dt.date(2020, 2, 21), "jan-3", supersedes=first, reason="再改")


def test_the_archive_lists_every_version_newest_first(city):
    engine, region, _, _ = city
    jan = _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    _issue(city, FEB, dt.date(2020, 3, 8), "feb")
    _issue(city, JAN, dt.date(2020, 3, 20), "jan-2", supersedes=jan, reason="更正")
    rows = archive(engine, region)
    assert rows[
        ["number", "version", "supersedes_number", "superseded_by_number", "kinds"]
    ].values.tolist() == [
        ["测安通〔2020〕3号", 2, "测安通〔2020〕1号", None, "xlsx,docx"],
        ["测安通〔2020〕2号", 1, None, None, "xlsx,docx"],
        ["测安通〔2020〕1号", 1, None, "测安通〔2020〕3号", "xlsx,docx"],
    ]
    assert rows["month"].tolist() == [JAN, FEB, JAN]


def test_a_file_made_later_is_stored_once(city):
    engine, _, _, _ = city
    done = _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    assert add_file(engine, done.id, "pdf", b"%PDF first") == b"%PDF first"
    # A second first request (another process made its own PDF meanwhile) gets the stored one.
    assert add_file(engine, done.id, "pdf", b"%PDF second") == b"%PDF first"
    assert set(stored_kinds(engine, done.id)) == {"xlsx", "docx", "pdf"}


@pytest.mark.parametrize(
    "statement",
    [
        update(IssuedCircular).values(issued_by="改过"),
        delete(IssuedCircular),
        update(CircularFile).values(content=b"changed"),
        delete(CircularFile),
    ],
    ids=["update circular", "delete circular", "update file", "delete file"],
)
def test_the_database_refuses_to_change_an_issued_circular(city, statement):
    engine, region, _, programme = city
    done = _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    with pytest.raises(DBAPIError, match="已印发的通报不可修改或删除"), engine.begin() as connection:
        connection.execute(statement)
    assert issued(engine, region, programme, JAN) == done
    assert circular_file(engine, done.id, "xlsx") == "xlsx jan 测安通〔2020〕1号".encode()


def test_postgresql_refuses_truncate_too(city):
    engine = city[0]
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    with pytest.raises(DBAPIError, match="不可修改或删除"), engine.begin() as connection:
        connection.execute(text("TRUNCATE circular_file"))


def test_two_issuers_at_once_get_two_serials(city):
    """Two threads issue two months of the same office at the same moment; each holds its
    transaction open while its documents are made.  Both succeed, numbered 1 and 2."""
    engine, region, office, programme = city
    start = threading.Barrier(2)
    done: dict[dt.date, object] = {}

    def slow(tag):
        make = frozen(tag)

        def build(number):
            threading.Event().wait(0.3)
            return make(number)

        return build

    def run(month):
        start.wait()
        try:
            done[month] = issue(
                engine,
                region,
                programme,
                month,
                office,
                dt.date(2020, 4, 1),
                Scope.command_line("王五"),
                slow(str(month)),
            )
        except Exception as error:
            done[month] = error

    threads = [threading.Thread(target=run, args=(month,)) for month in (JAN, FEB)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(getattr(d, "number", repr(d)) for d in done.values()) == [
        "测安通〔2020〕1号",
        "测安通〔2020〕2号",
    ]


def test_two_corrections_at_once_make_one_new_version(city):
    engine, region, office, programme = city
    first = _issue(city, JAN, dt.date(2020, 2, 8), "jan")
    start = threading.Barrier(2)
    outcomes = []

    def run(tag):
        start.wait()
        try:
            issue(
                engine,
                region,
                programme,
                JAN,
                office,
                dt.date(2020, 2, 20),
                Scope.command_line(tag),
                frozen(tag),
                first,
                "更正",
            )
            outcomes.append("issued")
        except IssueError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=run, args=(tag,)) for tag in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0] == "issued" and "已不是现行版本" in sorted(outcomes)[1]
    assert [v.version for v in versions(engine, region, programme, JAN)] == [1, 2]
