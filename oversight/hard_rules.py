"""Judging the hard rules of the national indicators against what units reported.

The indicators set numbers: participation ≥ 50% (below 30% fails), satisfaction > 80%
(below 60% fails), at least 4 comprehensive inspections a year, resident education at
least once a quarter, a performance review at least once a year.  A unit is judged
over the window ending at the month viewed (the month itself, the last three months,
the last twelve), and only when it reported in every month of that window: a unit
that joined two months ago has not yet had a year to hold four inspections.
"""

from __future__ import annotations

import pandas as pd


def judge(value: float | None, minimum: float, strict: bool, fail_below: float | None, complete: bool) -> str:
    """One verdict: 'failed' under the fail line, 'violated' under the minimum, else 'ok'.

    A 'sum' over a window that was not fully reported is 'not_judged' — except when the
    months reported already reach the minimum, which no missing month can undo.
    """
    if value is None or pd.isna(value):
        return "not_judged"
    below = value <= minimum if strict else value < minimum
    if not below:
        return "ok"
    if not complete:
        return "not_judged"
    if fail_below is not None and not pd.isna(fail_below) and value < fail_below:
        return "failed"
    return "violated"


def judge_hard_rules(measures: pd.DataFrame) -> pd.DataFrame:
    """Add ``verdict`` to each unit × rule row of :func:`data_access.hard_rules.hard_rule_measures`."""
    judged = measures.copy()
    judged["verdict"] = [
        judge(value, minimum, strict, fail_below, reported >= window)
        for value, minimum, strict, fail_below, reported, window in zip(
            measures["value"],
            measures["minimum"],
            measures["strict"],
            measures["fail_below"],
            measures["months_reported"],
            measures["window_months"],
            strict=True,
        )
    ]
    return judged
