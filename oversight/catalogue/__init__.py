"""The programme's reference data as declared in JSON beside this file.

Indicators come from annex 3 of the Dawukou plan (the national evaluation indicators);
grading schemes are versioned configuration, so a place's 150- or 100-point form is a new
entry here rather than a code change.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed contents of ``<name>.json`` (indicators, reference, schemes)."""
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


def items() -> list[dict[str, Any]]:
    """The 45 second-level items in catalogue order, each with its indicator code."""
    return [
        {**item, "indicator": indicator["code"]}
        for indicator in load("indicators")["indicators"]
        for item in indicator["items"]
    ]


def scheme_points(scheme: dict[str, Any]) -> dict[tuple[str, str], float]:
    """Max points per (item code, part code) under a declared scheme."""
    return {
        (item["code"], part): float(points)
        for item in items()
        for part, points in scheme["item_points"].get(item["code"], scheme["default_points"]).items()
    }
