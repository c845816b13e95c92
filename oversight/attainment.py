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
    """Add ``required``, ``met`` and ``gap`` to every row (:func:`assess_columns`), sorted
    by programme, target, role and region."""
    frame = progress.copy()
    units, required, achieved, met = assess_columns(
        *(frame[c].tolist() for c in ("shape", "role", "target_id", "threshold", "units", "achieved"))
    )
    frame["units"] = pd.Series(units, index=frame.index, dtype=frame["units"].dtype)
    frame["required"] = pd.Series(required, index=frame.index, dtype=float)
    frame["achieved"] = pd.Series(achieved, index=frame.index, dtype=float)
    frame["met"] = pd.Series(met, index=frame.index, dtype=bool)
    frame["gap"] = pd.Series(gaps(required, achieved), index=frame.index, dtype=float)
    return frame.sort_values(
        ["programme_code", "target_code", "role", "region_code"], kind="stable"
    ).reset_index(drop=True)


def assess_columns(
    shapes: list, roles: list, targets: list, thresholds: list, units: list, achieved: list
) -> tuple[list, list[float], list, list[bool]]:
    """Each row's units, required, achieved and met, from the columns of
    :func:`data_access.attainment.target_progress`: the rule :func:`assess_targets` adds to
    a frame, on plain lists for a caller that judges a few rows at a time (the ranking's
    counties, where building the frame cost more than the judging).

    A per-child target (each county at least N) is met when every child meets it; its
    scope row counts children: required = number of children, achieved = children met.
    A per-child target whose scope is itself a county is judged on its one row.
    """
    units, achieved = list(units), list(achieved)
    required = [
        required_for(shape, float(threshold), count)
        for shape, threshold, count in zip(shapes, thresholds, units, strict=True)
    ]
    met = [bool(a >= r) for a, r in zip(achieved, required, strict=True)]
    # Plain lists, not a groupby and a .loc per scope row: most of a city's time here.
    children: dict[object, list[bool]] = {}
    for shape, role, target, child_met in zip(shapes, roles, targets, met, strict=True):
        if shape in PER_CHILD and role == "child":
            children.setdefault(target, []).append(child_met)
    for position, (shape, role, target) in enumerate(zip(shapes, roles, targets, strict=True)):
        if shape in PER_CHILD and role == "scope" and target in children:
            of_children = children[target]
            units[position], required[position] = len(of_children), float(len(of_children))
            achieved[position], met[position] = float(sum(of_children)), all(of_children)
    return units, required, achieved, met


def gaps(required: list[float], achieved: list) -> list[float]:
    """How far each row is from its requirement: required − achieved, never below 0."""
    return [max(r - a, 0.0) for r, a in zip(required, achieved, strict=True)]
