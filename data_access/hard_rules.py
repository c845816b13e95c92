"""The measures the hard rules are judged on, aggregated per unit over each rule's window."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import (
    Engine,
    and_,
    case,
    func,
    literal,
    select,
)

from data_access.database import read_frame
from data_access.models import (
    HardRule,
    Indicator,
    IndicatorItem,
    Region,
    Report,
)
from data_access.regions import RegionRef
from data_access.units import units_in

WINDOW_MONTHS = {"month": 1, "quarter": 3, "year": 12}
UNIT_COLUMNS = ["unit_id", "unit_code", "unit_zh", "unit_en", "county_id"]
COLUMNS = [
    *UNIT_COLUMNS,
    "rule_code",
    "item_code",
    "measure",
    "period",
    "window_months",
    "months_reported",
    "value",
    "minimum",
    "strict",
    "fail_below",
]


HARD_RULES = (
    select(
        HardRule.code,
        IndicatorItem.code.label("item_code"),
        HardRule.measure,
        HardRule.period,
        HardRule.aggregate,
        HardRule.minimum,
        HardRule.strict,
        HardRule.fail_below,
        HardRule.name_zh,
        HardRule.name_en,
    )
    .join(IndicatorItem, IndicatorItem.id == HardRule.item_id)
    .order_by(HardRule.code)
)
"""Every hard rule with its item: the measure, its window and its minimum, by code."""


def _months_back(month: dt.date, count: int) -> dt.date:
    """The first day of the month ``count - 1`` months before ``month``: a window's start."""
    index = month.year * 12 + month.month - 1 - (count - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def hard_rule_measures(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per enrolled unit × hard rule: the rule's measure over the window ending at ``month``.

    A 'sum' rule adds the measure over its window (a quarter: the three months to
    ``month``; a year: the twelve); a 'min' rule takes the month's own value.  Months the
    unit did not report add nothing, and ``months_reported`` says how many it did.
    Rows are by unit code, then rule code; columns :data:`COLUMNS`.
    """
    with engine.connect() as connection:
        rules = connection.execute(HARD_RULES).all()
        if not rules:
            return pd.DataFrame()
        # Every rule of a unit in one pass over its current reports of the longest window,
        # found by the report table's (unit_id, month) index.
        windows = [WINDOW_MONTHS[rule.period] for rule in rules]
        values, months = [], []
        for rule, window in zip(rules, windows, strict=True):
            in_window = Report.month >= _months_back(month, window)
            aggregate = func.sum if rule.aggregate == "sum" else func.min
            values.append(aggregate(case((in_window, getattr(Report, rule.measure)))))
            months.append(func.count(case((in_window, literal(1)))))
        reported = and_(
            Report.unit_id == Region.id,
            Report.is_current,
            Report.month.between(_months_back(month, max(windows)), month),
        )
        query = (
            units_in(region, programme_id)
            .with_only_columns(
                Region.id, Region.code, Region.name_zh, Region.name_en, Region.county_id, *values, *months
            )
            .outerjoin(Report, reported)
            .group_by(Region.id)
            .order_by(Region.code)
        )
        rows = connection.execute(query).all()
    return _unit_by_rule(rows, rules, windows)


def _unit_by_rule(rows: list, rules: list, windows: list[int]) -> pd.DataFrame:
    """Rows of (unit columns, a value per rule, a month count per rule) as one row per
    unit × rule, by unit code (in code-point order, whatever the database's collation)
    and then in the order of ``rules``; columns :data:`COLUMNS`."""
    count = len(rules)
    width = len(UNIT_COLUMNS)
    units = pd.DataFrame([row[:width] for row in rows], columns=UNIT_COLUMNS)
    measured = np.array([row[width:] for row in rows], dtype=float).reshape(len(rows), 2 * count)
    order = units["unit_code"].sort_values(kind="stable").index.to_numpy()
    units, measured = units.iloc[order].reset_index(drop=True), measured[order]
    by_rule = pd.DataFrame(
        {
            "rule_code": [rule.code for rule in rules],
            "item_code": [rule.item_code for rule in rules],
            "measure": [rule.measure for rule in rules],
            "period": [rule.period for rule in rules],
            "window_months": windows,
            "minimum": [float(rule.minimum) for rule in rules],
            "strict": [bool(rule.strict) for rule in rules],
            "fail_below": pd.Series([rule.fail_below for rule in rules], dtype=object),
        }
    )
    frame = units.merge(by_rule, how="cross").assign(
        months_reported=measured[:, count:].ravel().astype(int), value=measured[:, :count].ravel()
    )
    return frame[COLUMNS]


def hard_rule_minimums(engine: Engine) -> pd.DataFrame:
    """One row per hard rule of the indicators: the measure, its window and its minimum.

    Columns: code, item_code, measure, period, aggregate, minimum, strict, fail_below,
    name_zh, name_en.
    """
    return read_frame(engine, HARD_RULES)


def hard_rule_names(engine: Engine) -> pd.DataFrame:
    """One row per hard rule with the item and indicator it belongs to.

    Columns: rule_code, item_code, indicator_seq, name_zh, name_en.
    """
    return read_frame(
        engine,
        select(
            HardRule.code.label("rule_code"),
            IndicatorItem.code.label("item_code"),
            Indicator.seq.label("indicator_seq"),
            HardRule.name_zh,
            HardRule.name_en,
        )
        .join(IndicatorItem, IndicatorItem.id == HardRule.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .order_by(Indicator.seq, IndicatorItem.seq, HardRule.code),
    )
