"""Scoring a self-assessment under a grading scheme.

Every scheme is reduced to the same arithmetic: a grade earns a fraction of the points its
item part is worth.  Scores are percentages of the points available, so an A/B/C
assessment and a 150-point on-site form can sit in one heatmap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

INDICATORS = 12


def scheme_for(programmes: Iterable[tuple[dt.date, dt.date, int]], month: dt.date) -> int | None:
    """The grading scheme a unit's report of ``month`` is graded under, from the unit's
    programmes as (start, end, scheme id): the scheme of the latest-starting programme
    that covers the month (a unit moved on to a new programme reports on its form).
    None when no programme covers the month: nothing is owed.  The template's grade
    sheets, the upload's and the form's checks and the write path all ask this."""
    covering = [p for p in programmes if p[0].replace(day=1) <= month <= p[1]]
    return max(covering)[2] if covering else None


@dataclass(frozen=True)
class Scheme:
    """A grading scheme reduced to what scoring needs.

    ``points`` maps (item id, part code) to the points that part is worth;
    ``indicator_of`` maps an item id to its first-level indicator (1..12).
    """

    id: int
    fractions: Mapping[str, float]
    points: Mapping[tuple[int, str], float]
    indicator_of: Mapping[int, int]

    @property
    def max_points(self) -> float:
        return sum(self.points.values())


@dataclass(frozen=True)
class Score:
    """A scored assessment: points earned, the composite percentage and one per indicator."""

    points: float
    max_points: float
    score: float
    failed_items: int
    indicators: tuple[float, ...]


class IncompleteAssessment(ValueError):
    """A self-assessment that grades some item parts of its scheme but not all: of the
    scheme's ``parts``, ``missing`` are not graded and ``extra`` are not the scheme's."""

    def __init__(self, parts: int, missing: int, extra: int) -> None:
        self.parts, self.missing, self.extra = parts, missing, extra
        super().__init__(f"自评须覆盖评分方案的全部 {parts} 项，缺 {missing} 项、多 {extra} 项")


def score_assessment(grades: Mapping[tuple[int, str], str], scheme: Scheme) -> Score:
    """Score a complete assessment; ``grades`` maps (item id, part code) to a grade code.

    An item counts as failed when any of its parts earns nothing (a C, or a d), which is
    how the 150-point form's "no item at zero" rule and the seed's C are both read.
    """
    missing = set(scheme.points) - set(grades)
    extra = set(grades) - set(scheme.points)
    if missing or extra:
        raise IncompleteAssessment(len(scheme.points), len(missing), len(extra))
    earned = [0.0] * INDICATORS
    available = [0.0] * INDICATORS
    failed: set[int] = set()
    for (item, part), max_points in scheme.points.items():
        fraction = scheme.fractions[grades[(item, part)]]
        slot = scheme.indicator_of[item] - 1
        earned[slot] += fraction * max_points
        available[slot] += max_points
        if fraction == 0:
            failed.add(item)
    total = sum(earned)
    return Score(
        points=total,
        max_points=scheme.max_points,
        score=100 * total / scheme.max_points,
        failed_items=len(failed),
        indicators=tuple(100 * e / a for e, a in zip(earned, available, strict=True)),
    )
