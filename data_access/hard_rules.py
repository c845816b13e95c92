"""The measures the hard rules are judged on: each unit's sum (or rate) over the latest
complete calendar period of each rule, aggregated in SQL per unit in one pass."""

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

from data_access.access import reads
from data_access.database import read_frame, reading
from data_access.models import (
    HardRule,
    Indicator,
    IndicatorItem,
    ProgrammeUnit,
    Region,
    Report,
)
from data_access.regions import RegionRef
from data_access.units import enrolment_spans, units_in
from oversight.periods import last_complete_period
from oversight.reporting import owed_spans

UNIT_COLUMNS = ["unit_id", "unit_code", "unit_zh", "unit_en", "county_id"]
COLUMNS = [
    *UNIT_COLUMNS,
    "rule_code",
    "item_code",
    "measure",
    "period",
    "aggregate",
    "first_month",
    "last_month",
    "owed_from",
    "owed_to",
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


@reads("region")
def hard_rule_measures(
    engine: Engine, region: RegionRef, month: dt.date, programme_id: int | None = None
) -> pd.DataFrame:
    """One row per enrolled unit of ``region`` (a region, or one unit) × hard rule: the
    rule's measure over its latest calendar period complete at ``month``
    (:func:`oversight.periods.last_complete_period`), and the months the unit owed
    reports in (:func:`oversight.reporting.owed_span`), for
    :func:`oversight.hard_rules.judge_hard_rules`.

    A 'sum' rule adds the measure over the period, months not reported adding nothing
    (0 when none was); a 'min' rule takes the month's own value (missing when not
    reported).  ``months_reported`` says how many months of the period the unit reported.
    Rows are by unit code, then rule code; columns :data:`COLUMNS`.
    """
    with reading(engine) as reader:
        rules = reader.rows(HARD_RULES)
        if not rules:
            return pd.DataFrame()
        # Every rule of a unit in one pass over its current reports from the earliest
        # period's first month, found by the report table's (unit_id, month) index.
        periods = [last_complete_period(month, rule.period) for rule in rules]
        values, months = [], []
        for rule, (first, last) in zip(rules, periods, strict=True):
            in_period = Report.month.between(first, last)
            aggregate = func.sum if rule.aggregate == "sum" else func.min
            values.append(aggregate(case((in_period, getattr(Report, rule.measure)))))
            months.append(func.count(case((in_period, literal(1)))))
        reported = and_(
            Report.unit_id == Region.id,
            Report.is_current,
            Report.month.between(min(first for first, _ in periods), max(last for _, last in periods)),
        )
        units = units_in(region, programme_id)
        query = (
            units.with_only_columns(
                Region.id, Region.code, Region.name_zh, Region.name_en, Region.county_id, *values, *months
            )
            .outerjoin(Report, reported)
            .group_by(Region.id)
            .order_by(Region.code)
        )
        rows = reader.rows(query)
        # The enrolments in the same read, as rows: pandas' SQL reader and its date
        # parsing were a third of this function on PostgreSQL (docs/performance.md).
        spans = enrolment_spans(programme_id).where(
            ProgrammeUnit.unit_id.in_(units.with_only_columns(Region.id))
        )
        plan = pd.DataFrame(reader.rows(spans), columns=["unit_id", "enrolled_on", "start_date", "end_date"])
    return _unit_by_rule(rows, rules, periods, owed_spans(plan))


def _unit_by_rule(
    rows: list, rules: list, periods: list[tuple[dt.date, dt.date]], spans: pd.DataFrame
) -> pd.DataFrame:
    """Rows of (unit columns, a value per rule, a month count per rule) as one row per
    unit × rule with the unit's owed span, by unit code (in code-point order, whatever the
    database's collation) and then in the order of ``rules``; columns :data:`COLUMNS`."""
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
            "aggregate": [rule.aggregate for rule in rules],
            "first_month": [first for first, _ in periods],
            "last_month": [last for _, last in periods],
            "minimum": [float(rule.minimum) for rule in rules],
            "strict": [bool(rule.strict) for rule in rules],
            "fail_below": pd.Series([rule.fail_below for rule in rules], dtype=object),
        }
    )
    frame = (
        units.merge(by_rule, how="cross")
        .assign(months_reported=measured[:, count:].ravel().astype(int), value=measured[:, :count].ravel())
        .merge(spans, on="unit_id", how="left")
    )
    frame.loc[frame["aggregate"] == "sum", "value"] = frame["value"].fillna(0.0)
    return frame[COLUMNS]


@reads(None)
def hard_rule_minimums(engine: Engine) -> pd.DataFrame:
    """One row per hard rule of the indicators: the measure, its window and its minimum.

    Columns: code, item_code, measure, period, aggregate, minimum, strict, fail_below,
    name_zh, name_en.
    """
    return read_frame(engine, HARD_RULES)


@reads(None)
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
