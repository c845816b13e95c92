"""Reading the reference catalogue: indicators, items, stages and safety domains."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    Engine,
    select,
)

from data_access.access import reads
from data_access.database import read_frame
from data_access.models import (
    Indicator,
    IndicatorItem,
    SafetyDomain,
    Stage,
)


@reads(None)
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


@reads(None)
def stage_names(engine: Engine) -> pd.DataFrame:
    """One row per stage of a unit's path, in path order.  Columns: code, seq, name_zh, name_en."""
    return read_frame(engine, select(Stage.code, Stage.seq, Stage.name_zh, Stage.name_en).order_by(Stage.seq))


@reads(None)
def safety_domains(engine: Engine) -> pd.DataFrame:
    """One row per safety domain, in order.  Columns: code, seq, name_zh, name_en."""
    return read_frame(
        engine,
        select(SafetyDomain.code, SafetyDomain.seq, SafetyDomain.name_zh, SafetyDomain.name_en).order_by(
            SafetyDomain.seq
        ),
    )
