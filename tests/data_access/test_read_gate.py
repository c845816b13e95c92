"""The read gate (data_access/access.py) per role and per kind of query: a region, a unit
code, a record's id, nothing of any region, and every region at once.

Expected answers are worked out by hand in tests/fixture_scoping.py's docstring.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
from pathlib import Path

import pytest

from data_access import access, circulars, regions
from data_access.attainment import target_progress
from data_access.catalogue import stage_names
from data_access.regions import find_region
from data_access.stages import stage_counts
from data_access.units import community_choices, unit_history
from data_access.users import scope_of
from oversight.access import OutOfScope, Scope
from tests.data_access.conftest import programme_id
from tests.data_access.test_circulars import frozen
from tests.fixture_scoping import add_other_city, add_users

ROOT = Path(__file__).resolve().parents[2]
DEC = dt.date(2020, 12, 31)


@pytest.fixture
def scoped(programme_engine):
    add_other_city(programme_engine)
    add_users(programme_engine)
    return programme_engine


def allowed(engine, user: str, query, *args) -> bool:
    try:
        access.check(engine, scope_of(engine, user), query, *args)
    except OutOfScope:
        return False
    return True


def test_a_region_query_reads_only_the_users_regions(scoped):
    where = {code: find_region(scoped, code) for code in ("P", "C", "D1", "D2", "Z", "Z1")}
    readable = {
        user: {code for code, region in where.items() if allowed(scoped, user, stage_counts, region, (DEC,))}
        for user in ("leader", "county", "two_counties", "clerk", "admin", "province", "staff")
    }
    assert readable == {
        "leader": {"C", "D1", "D2"},
        "county": {"D1"},
        "two_counties": {"D1", "D2"},
        "clerk": set(),
        "admin": set(),
        "province": {"P", "C", "D1", "D2", "Z", "Z1"},
        "staff": {"C", "D1", "D2"},
    }


def test_a_unit_code_query_reads_only_the_users_units(scoped):
    codes = ["U11", "U15", "U21", "U22", "ZA", "D1", "NOPE"]
    readable = {
        user: [code for code in codes if allowed(scoped, user, unit_history, code)]
        for user in ("leader", "county", "clerk", "admin", "province")
    }
    assert readable == {
        "leader": ["U11", "U15", "U21", "U22", "D1"],
        "county": ["U11", "U15", "D1"],
        "clerk": ["U21"],
        "admin": [],
        # A code that names no region is refused like one outside the scope.
        "province": ["U11", "U15", "U21", "U22", "ZA", "D1"],
    }


def test_a_query_by_id_reads_the_region_of_the_record(scoped):
    city = find_region(scoped, "C")
    office = circulars.store_office(
        scoped, city, "测试市安全生产监督管理局", "测安通", scope=Scope.command_line("张三")
    )
    done = circulars.issue(
        scoped,
        city,
        programme_id(scoped, "PR"),
        dt.date(2020, 1, 1),
        office,
        dt.date(2020, 2, 8),
        Scope.command_line("张三"),
        frozen("j"),
    )
    readers = {
        user: allowed(scoped, user, circulars.circular, done.id)
        for user in ("leader", "county", "clerk", "admin", "province")
    }
    assert readers == {"leader": True, "county": False, "clerk": False, "admin": False, "province": True}
    # An id that is no circular is refused, not reported missing.
    assert not allowed(scoped, "leader", circulars.circular, done.id + 100)
    assert allowed(scoped, "leader", circulars.next_serial, office, 2020)
    assert not allowed(scoped, "county", circulars.next_serial, office, 2020)


def test_a_catalogue_query_reads_no_region_and_is_open_to_every_signed_in_user(scoped):
    assert all(allowed(scoped, user, stage_names) for user in ("leader", "county", "clerk", "admin"))


def test_every_region_at_once_is_the_command_lines_only(scoped):
    assert not allowed(scoped, "province", target_progress, DEC)
    assert not allowed(scoped, "province", target_progress, DEC, None)
    access.check(scoped, Scope.command_line(), target_progress, DEC)
    assert allowed(scoped, "leader", target_progress, DEC, find_region(scoped, "C"))


def test_read_returns_the_query_only_inside_the_scope(scoped):
    county = scope_of(scoped, "county")
    rows = access.read(scoped, county, community_choices, find_region(scoped, "D1"))
    assert list(rows["code"]) == ["U11", "U12", "U13", "U14", "U15"]
    with pytest.raises(OutOfScope) as refused:
        access.read(scoped, county, community_choices, find_region(scoped, "D2"))
    # The refusal names nothing of what it refuses.
    assert "D2" not in str(refused.value) and "乙区" not in str(refused.value)


def test_a_region_lookup_is_allowed_where_it_leads_to_a_readable_region(scoped):
    # The county office of D1 may look up its city and province (the choosers name them),
    # not its neighbour or the other city.
    found = {
        code: allowed(scoped, "county", regions.region_by_code, code)
        for code in ("P", "C", "D1", "U11", "D2", "Z")
    }
    assert found == {"P": True, "C": True, "D1": True, "U11": True, "D2": False, "Z": False}
    assert not allowed(scoped, "county", regions.county_units, find_region(scoped, "C"))
    c = find_region(scoped, "C")
    assert allowed(scoped, "clerk", regions.region_by_id, c.id)
    assert not allowed(scoped, "clerk", regions.region_by_id, find_region(scoped, "D1").id)


def test_an_undeclared_query_is_refused(scoped):
    def undeclared(engine, region):
        return region

    with pytest.raises(OutOfScope):
        access.check(scoped, Scope.command_line(), undeclared, None)


def view_queries() -> dict[str, object]:
    """Every data_access function the views, filters and pages pass to ``fetch`` or
    ``reference``, found in their source, by where it is passed."""
    found = {}
    for path in sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py")]):
        if path.parent.name == "pages":
            continue  # pages only lay out; their reads go through ui.views
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = ast.unparse(node.func)
            if name.split(".")[-1] in ("fetch", "reference") and name.split(".")[0] in (
                "fetch",
                "reference",
                "data",
            ):
                found[f"{path.name}:{node.lineno}"] = eval(ast.unparse(node.args[0]), vars(module))
    return found


def test_every_query_the_views_read_says_what_it_reads():
    queries = view_queries()
    assert len(queries) >= 70  # the walk finds the reads (74 when this test was written)
    undeclared = sorted(where for where, query in queries.items() if not access.declared(query))
    assert undeclared == []
