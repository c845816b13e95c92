"""Programmes as the pages list them."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, or_, select

from data_access.database import read_frame
from data_access.models import Programme, Region, TitleLevel
from data_access.regions import RegionRef, within


def programmes_within(engine: Engine, region: RegionRef) -> pd.DataFrame:
    """One row per programme run by the region, by a region inside it, or by one above it.

    Columns: id, code, name_zh, name_en, source, start_date, end_date,
    report_deadline_day, scheme_id, level_code, level_zh, level_en, region_code.
    """
    owner = Region.__table__.alias("owner")
    return read_frame(
        engine,
        select(
            Programme.id,
            Programme.code,
            Programme.name_zh,
            Programme.name_en,
            Programme.source,
            Programme.start_date,
            Programme.end_date,
            Programme.report_deadline_day,
            Programme.scheme_id,
            TitleLevel.code.label("level_code"),
            TitleLevel.name_zh.label("level_zh"),
            TitleLevel.name_en.label("level_en"),
            owner.c.code.label("region_code"),
        )
        .join(owner, owner.c.id == Programme.region_id)
        .join(TitleLevel, TitleLevel.id == Programme.level_id)
        .where(or_(within(owner.c, region), owner.c.id.in_(region.ancestor_ids or {-1})))
        .order_by(Programme.start_date, Programme.code),
        dates=["start_date", "end_date"],
    )
