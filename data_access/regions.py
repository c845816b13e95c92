"""Looking up regions and the subtrees the pages and the command line filter by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, Engine, Table, or_, select

from data_access.database import read_frame, read_rows
from data_access.models import Programme, Region


@dataclass(frozen=True)
class RegionRef:
    """A region and its ancestors, enough to test "is this under that" in SQL."""

    id: int
    code: str
    name_zh: str
    name_en: str | None
    level: str
    kind: str
    province_id: int | None
    city_id: int | None
    county_id: int | None

    @property
    def ancestor_ids(self) -> set[int]:
        return {i for i in (self.province_id, self.city_id, self.county_id) if i is not None}


def _ref(row) -> RegionRef:
    return RegionRef(*row)


REF_COLUMNS = (
    Region.id,
    Region.code,
    Region.name_zh,
    Region.name_en,
    Region.level,
    Region.kind,
    Region.province_id,
    Region.city_id,
    Region.county_id,
)
"""The columns of a :class:`RegionRef`, in its fields' order (``RegionRef(*row)``)."""


def find_region(engine: Engine, name_or_code: str) -> RegionRef | None:
    """The region with this code, Chinese name or English name (codes win over names)."""
    rows = read_rows(
        engine,
        select(*REF_COLUMNS)
        .where(
            or_(
                Region.code == name_or_code,
                Region.name_zh == name_or_code,
                Region.name_en == name_or_code,
            )
        )
        .order_by((Region.code != name_or_code), Region.level),
    )
    return _ref(rows[0]) if rows else None


def region_by_code(engine: Engine, code: str) -> RegionRef | None:
    """The region with exactly this code (the gate's lookup of a unit or county code)."""
    rows = read_rows(engine, select(*REF_COLUMNS).where(Region.code == code))
    return _ref(rows[0]) if rows else None


def region_by_id(engine: Engine, region_id: int) -> RegionRef | None:
    rows = read_rows(engine, select(*REF_COLUMNS).where(Region.id == region_id))
    return _ref(rows[0]) if rows else None


def within(column_table, region: RegionRef) -> ColumnElement[bool]:
    """SQL test that a row of ``region``-like table lies in the subtree of ``region``."""
    if region.level == "unit":
        return column_table.id == region.id
    ancestor_column = getattr(column_table, f"{region.level}_id")
    return or_(column_table.id == region.id, ancestor_column == region.id)


def in_scopes(member: Table, scope_id: ColumnElement[int], levels: Iterable[str]) -> ColumnElement[bool]:
    """SQL test that a row of ``member`` (a region alias) lies in the subtree of the region
    ``scope_id`` (a column, or a parameter) of one of ``levels``: what
    :func:`data_access.regions.within` tests for one region known in advance.

    One equality per ancestor column those levels need, so that each can use its index
    when the targets of several scopes are joined to their regions at once.
    """
    ancestors = [member.c[f"{level}_id"] == scope_id for level in sorted(levels) if level != "unit"]
    return or_(member.c.id == scope_id, *ancestors)


def is_inside(member: RegionRef, region: RegionRef) -> bool:
    """Whether ``member`` lies in the subtree of ``region``, as :func:`data_access.regions.within` tests in SQL."""
    return member.id == region.id or region.id in member.ancestor_ids


def cities_with_programmes(engine: Engine) -> pd.DataFrame:
    """One row per city that owns a programme or contains one's region, by code.

    Columns: id, code, name_zh, name_en, province_id (whether a user's scope leads to it).
    """
    owner = Region.__table__.alias("owner")
    return read_frame(
        engine,
        select(Region.id, Region.code, Region.name_zh, Region.name_en, Region.province_id)
        .where(
            Region.level == "city",
            Region.id.in_(
                select(owner.c.id)
                .join(Programme, Programme.region_id == owner.c.id)
                .union(select(owner.c.city_id).join(Programme, Programme.region_id == owner.c.id))
            ),
        )
        .order_by(Region.code),
    )


def county_units(engine: Engine, region: RegionRef) -> pd.DataFrame:
    """The county-level units in a region's subtree (the region itself if it is one).

    Columns: id, code, name_zh, name_en, kind.
    """
    return read_frame(
        engine,
        select(Region.id, Region.code, Region.name_zh, Region.name_en, Region.kind)
        .where(Region.level == "county", within(Region, region))
        .order_by(Region.code),
    )
