"""The measures the hard rules are judged on, aggregated per unit over each rule's window."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, func, literal, select

from data_access.models import HardRule, IndicatorItem, ProgrammeUnit, Region, Report, ReportSummary
from data_access.regions import RegionRef, within

WINDOW_MONTHS = {"month": 1, "quarter": 3, "year": 12}


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
    Columns: unit_id, unit_code, unit_zh, county_id, rule_code, item_code, measure,
    period, window_months, months_reported, value, minimum, strict, fail_below.
    """
    with engine.connect() as connection:
        rules = connection.execute(
            select(
                HardRule.code,
                HardRule.measure,
                HardRule.period,
                HardRule.aggregate,
                HardRule.minimum,
                HardRule.strict,
                HardRule.fail_below,
                IndicatorItem.code.label("item_code"),
            )
            .join(IndicatorItem, IndicatorItem.id == HardRule.item_id)
            .order_by(HardRule.code)
        ).all()
        enrolled = select(ProgrammeUnit.unit_id)
        if programme_id is not None:
            enrolled = enrolled.where(ProgrammeUnit.programme_id == programme_id)
        longest = max((WINDOW_MONTHS[rule.period] for rule in rules), default=1)
        start = _months_back(month, longest)
        columns = []
        for rule in rules:
            window = WINDOW_MONTHS[rule.period]
            in_window = ReportSummary.month >= _months_back(month, window)
            measure = getattr(Report, rule.measure)
            aggregate = func.sum if rule.aggregate == "sum" else func.min
            columns += [
                aggregate(case((in_window, measure))).label(f"value__{rule.code}"),
                func.count(case((in_window, literal(1)))).label(f"months__{rule.code}"),
            ]
        query = (
            select(
                Region.id.label("unit_id"),
                Region.code.label("unit_code"),
                Region.name_zh.label("unit_zh"),
                Region.county_id,
                *columns,
            )
            .select_from(Region)
            .outerjoin(
                ReportSummary,
                and_(ReportSummary.unit_id == Region.id, ReportSummary.month.between(start, month)),
            )
            .outerjoin(Report, Report.id == ReportSummary.report_id)
            .where(Region.level == "unit", within(Region, region), Region.id.in_(enrolled))
            .group_by(Region.id, Region.code, Region.name_zh, Region.county_id)
            .order_by(Region.code)
        )
        wide = pd.read_sql(query, connection)
    frames = []
    for rule in rules:
        frames.append(
            wide[["unit_id", "unit_code", "unit_zh", "county_id"]].assign(
                rule_code=rule.code,
                item_code=rule.item_code,
                measure=rule.measure,
                period=rule.period,
                window_months=WINDOW_MONTHS[rule.period],
                months_reported=wide[f"months__{rule.code}"],
                value=wide[f"value__{rule.code}"].astype(float),
                minimum=rule.minimum,
                strict=rule.strict,
                fail_below=rule.fail_below,
            )
        )
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True).sort_values(["unit_code", "rule_code"]).reset_index(drop=True)
