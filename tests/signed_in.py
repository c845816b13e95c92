"""Users of the write paths' tests, with the roles each test needs, made by
tests/signing.py in the test's database; their scope read back as a page reads it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from data_access import users
from oversight.access import Scope
from tests.signing import ensure_user

EVERY_WRITE = [("staff", "C"), ("county", "D1"), ("county", "D2")]
"""Roles that together allow every write in tests/fixture_programme.py's city: staff of
测试市 (C: moves, city reviews, namings, set-up, circulars) and both districts' offices
(reports, corrections, moves, county reviews)."""


def sign_up(engine: Engine, username: str, grants: Sequence[tuple[str, str]]) -> Scope:
    """``username`` holding ``grants`` (role, region code), unless it exists; its scope."""
    ensure_user(engine, username, list(grants))
    return users.scope_of(engine, username)
