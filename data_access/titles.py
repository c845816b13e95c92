"""Titles held in a region on a day."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, or_, select

from data_access.models import Region, Title, TitleLevel
from data_access.regions import RegionRef, within


def titles_held(engine: Engine, region: RegionRef, day: dt.date) -> pd.DataFrame:
    """One row per title level: the units of the region holding a valid, unrevoked title
    of that level on ``day`` (a unit with two titles of one level counts once).

    Columns: level_code, level_rank, level_zh, level_en, units.
    """
    query = (
        select(
            TitleLevel.code.label("level_code"),
            TitleLevel.rank.label("level_rank"),
            TitleLevel.name_zh.label("level_zh"),
            TitleLevel.name_en.label("level_en"),
            func.count(func.distinct(Title.unit_id)).label("units"),
        )
        .join(Title, Title.level_id == TitleLevel.id)
        .join(Region, Region.id == Title.unit_id)
        .where(
            within(Region, region),
            Title.named_on <= day,
            or_(Title.valid_until.is_(None), Title.valid_until >= day),
            or_(Title.revoked_on.is_(None), Title.revoked_on > day),
        )
        .group_by(TitleLevel.code, TitleLevel.rank, TitleLevel.name_zh, TitleLevel.name_en)
        .order_by(TitleLevel.rank)
    )
    with engine.connect() as connection:
        return pd.read_sql(query, connection)
