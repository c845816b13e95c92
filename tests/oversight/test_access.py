"""What each role may do where (oversight/access.py), worked out by hand over a small tree
of places, and the roles' table in docs/access.md kept in step with ROLES.

    P province
    └── C city (the grants' city)      C2 another city
        ├── D1 county (the grants' county)
        │   └── U11 unit (the grant's unit)
        └── D2 another county
            └── U21 unit of another county
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from oversight.access import ACTIONS, ROLES, WRITES, Grant, OutOfScope, Scope
from oversight.i18n import translate


@dataclass(frozen=True)
class Place:
    id: int
    level: str
    ancestor_ids: set[int]

    def __hash__(self) -> int:
        return self.id


P = Place(1, "province", set())
C = Place(2, "city", {1})
D1 = Place(3, "county", {1, 2})
U11 = Place(4, "unit", {1, 2, 3})
D2 = Place(5, "county", {1, 2})
U21 = Place(6, "unit", {1, 2, 5})
C2 = Place(7, "city", {1})

PLACES = {"city": C, "county of it": D1, "unit of it": U11, "unit of another county": U21, "another city": C2}
GRANTED_AT = {"leader": C, "viewer": C, "staff": C, "county": D1, "clerk": U11, "admin": C}
"""Each role where it is granted in these tests."""

# What `allows` says for each role, over: the city, a county of it, a unit of that county,
# a unit of another county, another city, and None (every region at once).
T, F = True, False
EXPECTED = {
    ("leader", "read"): (T, T, T, T, F, F),
    ("viewer", "read"): (T, T, T, T, F, F),
    ("staff", "read"): (T, T, T, T, F, F),
    ("staff", "setup"): (T, T, T, T, F, F),
    ("staff", "submit"): (F, F, F, F, F, F),
    ("county", "read"): (F, T, T, F, F, F),
    ("county", "submit"): (F, T, T, F, F, F),
    ("county", "review_county"): (F, T, T, F, F, F),
    ("county", "review_city"): (F, F, F, F, F, F),
    ("clerk", "read"): (F, F, T, F, F, F),
    ("clerk", "submit"): (F, F, T, F, F, F),
    ("clerk", "move"): (F, F, F, F, F, F),
    ("admin", "read"): (F, F, F, F, F, F),
    ("admin", "manage_users"): (T, T, T, T, F, F),
    ("admin", "read_audit"): (T, T, T, T, F, F),
}


@pytest.mark.parametrize(("role", "action"), list(EXPECTED), ids="-".join)
def test_what_each_role_allows_where(role, action):
    scope = Scope("u", (Grant(role, GRANTED_AT[role]),))
    assert (*(scope.allows(action, place) for place in PLACES.values()), scope.allows(action, None)) == (
        EXPECTED[role, action]
    )


def test_each_role_allows_exactly_its_actions_in_its_own_region():
    for role, place in GRANTED_AT.items():
        scope = Scope("u", (Grant(role, place),))
        assert {a for a in ACTIONS if scope.allows(a, place)} == ROLES[role].actions, role
        assert {a for a in ACTIONS if scope.can(a)} == ROLES[role].actions, role


def test_a_province_grant_reaches_its_cities():
    scope = Scope("u", (Grant("leader", P),))
    assert [scope.allows("read", place) for place in (P, C, D1, U11, U21, C2)] == [T] * 6
    assert scope.allows("read", None) is False


def test_the_command_line_may_do_everything_everywhere():
    scope = Scope.command_line()
    assert scope.user == "命令行"
    assert all(scope.allows(a, place) for a in ACTIONS for place in (*PLACES.values(), None))


def test_no_grant_no_access():
    scope = Scope("u")
    assert not any(scope.allows(a, place) for a in ACTIONS for place in (*PLACES.values(), None))
    assert not any(scope.can(a) for a in WRITES)


def test_a_refusal_names_only_the_action():
    scope = Scope("county", (Grant("county", D1),))
    with pytest.raises(OutOfScope) as refused:
        scope.require("read", U21)
    assert (refused.value.action, str(refused.value)) == ("read", "权限不足：read")


def test_a_county_office_is_led_to_its_city_but_reads_nothing_of_it():
    scope = Scope("county", (Grant("county", D1),))
    assert [scope.leads_to(place) for place in (P, C, D1, U11, D2, C2)] == [T, T, T, T, F, F]
    assert scope.outside("read", [C, D1, U11, U21]) == [C, U21]
    assert scope.places("submit") == (D1,)


def roles_table() -> str:
    """The roles as docs/access.md lists them, made from ROLES."""
    header = ["role", "角色", "Role", "granted at", *ACTIONS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for code, role in ROLES.items():
        cells = [f"`{code}`", translate(f"role.{code}", "zh"), translate(f"role.{code}", "en")]
        cells += [", ".join(role.levels), *("✓" if a in role.actions else "" for a in ACTIONS)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def test_docs_access_md_lists_the_roles_as_declared():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "access.md").read_text(encoding="utf-8")
    assert roles_table() in doc
