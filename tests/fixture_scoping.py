"""The hand-written programme (tests/fixture_programme.py) and a second city, for scoping.

测试省 P holds 测试市 C (甲区 D1 with streets U11..U15, 乙区 D2 with U21, U22) and
远市 Z (远县 Z1 with one street ZA, enrolled in programme ZP), so a user of C has a city
that is not theirs to be refused.

What each role reads, worked out from the grants (a grant reaches its region and what
lies under it; ``leads_to`` also reaches the regions above a readable one):

- leader of C: C, D1, D2, U11..U15, U21, U22; not Z, Z1, ZA, not P.
- county office of D1: D1, U11..U15; not C (it leads there), D2, U21, U22, Z.
- clerk of U21: U21 only; leads to D2, C and P.
- administrator of C: no region at all (users and the audit only).
- leader of P: everything of C and of Z.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from data_access.loading import EnrolmentSpec, ProgrammeData, RegionSpec, load_programme_data
from tests.fixture_programme import year_programme
from tests.signing import ensure_user

OTHER_CITY, OTHER_COUNTY, OTHER_UNIT = "远市", "远县", "街道ZA"

USERS = {
    "leader": [("leader", "C")],
    "county": [("county", "D1")],
    "two_counties": [("county", "D1"), ("county", "D2")],
    "clerk": [("clerk", "U21")],
    "admin": [("admin", "C")],
    "province": [("leader", "P")],
    "staff": [("staff", "C")],
    "viewer": [("viewer", "C")],
}
"""The users the scoping tests sign in as, by name: their grants (role, region code)."""


def add_other_city(engine: Engine) -> None:
    """远市 Z with 远县 Z1 and its street ZA, enrolled in programme ZP of 2020."""
    load_programme_data(
        engine,
        ProgrammeData(
            regions=[
                RegionSpec("Z", OTHER_CITY, "city", "city", "P", "Far City"),
                RegionSpec("Z1", OTHER_COUNTY, "county", "county", "Z", "Far County"),
                RegionSpec("ZA", OTHER_UNIT, "unit", "street", "Z1", "Far Street"),
            ],
            programmes=[
                year_programme(
                    "ZP", "远市方案", "Far programme", "Z", 2020, [EnrolmentSpec("ZA", dt.date(2020, 1, 1))]
                )
            ],
        ),
    )


def add_users(engine: Engine) -> None:
    """Every user of :data:`USERS` (password ``tests.signing.PASSWORD``)."""
    for name, grants in USERS.items():
        ensure_user(engine, name, grants)
