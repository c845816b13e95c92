"""Reading the reference catalogue, and the one helper every query module reads frames with."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import Indicator, IndicatorItem, Stage


def read_frame(engine: Engine, query, params: dict | None = None, dates: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of ``query`` as a DataFrame, on a connection of its own; ``params`` for a
    statement built once with bound parameters.

    ``dates`` names the columns to hold ``datetime.date`` whatever the driver returned,
    and NaT where they are missing (an outer join's).

    ``read_sql_query``, not ``read_sql``: the latter first asks the database whether the
    statement names a table, a round trip per read on PostgreSQL.
    """
    with engine.connect() as connection:
        frame = pd.read_sql_query(query, connection, params=params)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def indicator_items(engine: Engine) -> pd.DataFrame:
    """One row per second-level item, in catalogue order, with its first-level indicator.

    Columns: indicator_seq, indicator_code, indicator_zh, indicator_en, item_code,
    item_seq, item_zh, item_en.
    """
    return read_frame(
        engine,
        select(
            Indicator.seq.label("indicator_seq"),
            Indicator.code.label("indicator_code"),
            Indicator.name_zh.label("indicator_zh"),
            Indicator.name_en.label("indicator_en"),
            IndicatorItem.code.label("item_code"),
            IndicatorItem.seq.label("item_seq"),
            IndicatorItem.text_zh.label("item_zh"),
            IndicatorItem.label_en.label("item_en"),
        )
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .order_by(Indicator.seq, IndicatorItem.seq),
    )


def stage_names(engine: Engine) -> pd.DataFrame:
    """One row per stage of a unit's path, in path order.  Columns: code, seq, name_zh, name_en."""
    return read_frame(engine, select(Stage.code, Stage.seq, Stage.name_zh, Stage.name_en).order_by(Stage.seq))
