"""Signed-in users for the page and browser tests, created in the test's own database.

Every page asks for a sign-in first (``ui/auth.py``).  Tests that are not about roles sign
in as :data:`TESTER`, who holds every role over every region of its database (staff and
administrator in each city, the county office in each county), so the pages show what
they showed before sign-in existed; the tests of roles create the user they need with
:func:`ensure_user`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from data_access.engine import make_engine
from data_access.models import AppUser, Region
from data_access.regions import region_by_id
from data_access.users import add_user, grant_role

TESTER = "tester"
PASSWORD = "tester-password-1"
"""The password of every user made here (long enough for any password rule)."""


def ensure_user(target: Engine | str, username: str, grants: list[tuple[str, str]]) -> str:
    """``username`` in the database, with ``grants`` (role, region code) if it is new."""
    engine = make_engine(target) if isinstance(target, str) else target
    now = dt.datetime.now().replace(microsecond=0)
    try:
        with engine.begin() as connection:
            if connection.scalar(select(AppUser.id).where(AppUser.username == username)) is not None:
                return username
            add_user(connection, username, PASSWORD, "测试", now)
            for role, code in grants:
                region_id = connection.scalar(select(Region.id).where(Region.code == code))
                grant_role(connection, username, role, region_by_id(engine, region_id), "测试", now)
    finally:
        if isinstance(target, str):
            engine.dispose()
    return username


def ensure_tester(target: Engine | str) -> str:
    """:data:`TESTER` in the database, over every city and county it holds now."""
    engine = make_engine(target) if isinstance(target, str) else target
    try:
        with engine.connect() as connection:
            regions = connection.execute(
                select(Region.level, Region.code)
                .where(Region.level.in_(("city", "county")))
                .order_by(Region.code)
            ).all()
        grants = [
            (role, code)
            for level, code in regions
            for role in (("staff", "admin") if level == "city" else ("county",))
        ]
        return ensure_user(engine, TESTER, grants)
    finally:
        if isinstance(target, str):
            engine.dispose()
