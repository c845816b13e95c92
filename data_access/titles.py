"""Titles held in a region on a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Date, Engine, func, literal, or_, select, union_all

from data_access.access import reads
from data_access.database import read_frame
from data_access.models import Region, Title, TitleLevel
from data_access.regions import RegionRef, within


@reads("region")
def titles_held(engine: Engine, region: RegionRef, days: Sequence[dt.date]) -> pd.DataFrame:
    """One row per day and title level: the units of the region holding a valid,
    unrevoked title of that level on the day (a unit with two titles of one level counts
    once).  Several days in one statement, as the overview asks for a month and the one
    before.

    Columns: day, level_code, level_rank, level_zh, level_en, units; by day, then rank.
    """
    per_day = [
        select(
            literal(day, Date).label("day"),
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
        for day in days
    ]
    return read_frame(engine, union_all(*per_day).order_by("day", "level_rank"))
