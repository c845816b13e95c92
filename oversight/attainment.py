"""Judging targets: how many are required, whether the target is met, and how far off.

Works on the counts of :func:`data_access.attainment.target_progress`; the rules here are
the written-down method, so a circular that quotes them can be reproduced.
"""

from __future__ import annotations

import math

import pandas as pd

from oversight.vocabulary import PER_CHILD


def required_for(shape: str, threshold: float, units: float | None) -> float:
    """Units (or yuan) a row must reach.

    A share target of X% over n units needs ceil(X% × n) units: 80% of 34 streets is 28,
    since 27 would be 79.4%.
    """
    if shape == "share":
        return float(math.ceil(round(threshold * (units or 0) / 100, 9)))
    return float(threshold)


def assess_targets(progress: pd.DataFrame) -> pd.DataFrame:
    """Add ``required``, ``met`` and ``gap`` to every row.

    A per-child target (each county at least N) is met when every child meets it; its
    scope row counts children: required = number of children, achieved = children met.
    A per-child target whose scope is itself a county is judged on its one row.
    """
    frame = progress.copy()
    frame["required"] = [
        required_for(shape, float(threshold), units)
        for shape, threshold, units in zip(frame["shape"], frame["threshold"], frame["units"], strict=True)
    ]
    frame["met"] = frame["achieved"] >= frame["required"]
    children = frame[frame["shape"].isin(PER_CHILD) & (frame["role"] == "child")].groupby("target_id")
    scope_rows = frame["shape"].isin(PER_CHILD) & (frame["role"] == "scope")
    for index in frame.index[scope_rows]:
        target = frame.at[index, "target_id"]
        if target in children.groups:
            met = children.get_group(target)["met"]
            frame.loc[index, ["units", "required", "achieved"]] = [
                len(met),
                float(len(met)),
                float(met.sum()),
            ]
            frame.at[index, "met"] = bool(met.all())
    frame["gap"] = (frame["required"] - frame["achieved"]).clip(lower=0)
    return frame.sort_values(
        ["programme_code", "target_code", "role", "region_code"], kind="stable"
    ).reset_index(drop=True)
