"""Totals, bands and places (docs/ranking.md, "Total", "Bands", "Ties").

A unit's total is the weighted mean of the components that apply to it; a vetoed unit
falls in the last band and ranks after every unit without a veto.  Equal totals (to 0.01)
are told apart by the components' points in :data:`oversight.ranking.method.COMPONENTS`
order; units still equal share the place (1, 2, 2, 4) and are listed by code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TypeVar

from oversight.ranking.method import COMPONENTS, RankingMethod
from oversight.ranking.results import ComponentScore

T = TypeVar("T")


@lru_cache(maxsize=1 << 16)
def hundredths(value: float) -> float:
    """A score or points to 0.01, halves up as officials round (59.375 → 59.38): Python's
    own round would give the even neighbour, and a float's binary error a surprise.
    Remembered: a province's ranking rounds 85,000 values, most of them repeats (a
    component's share of a few weights), and a Decimal is slow to make."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def weigh(
    scores: dict[str, float | None], method: RankingMethod, facts: dict
) -> tuple[tuple[ComponentScore, ...], float]:
    """The unit's component scores with their points, and its total.

    A component weighted 0 is not scored; one whose score is None (it does not apply)
    earns no points and its weight is shared out over the others, so the total is
    Σ weight × score ÷ Σ weights of the components that apply, rounded to 0.01.
    """
    weighted = [c for c in COMPONENTS if method.weights.get(c, 0) > 0]
    applying = sum(method.weights[c] for c in weighted if scores[c] is not None)
    components = []
    total = 0.0
    for code in weighted:
        score = scores[code]
        points = 0.0 if score is None or applying == 0 else method.weights[code] * score / applying
        total += points
        shown = None if score is None else hundredths(score)
        components.append(ComponentScore(code, method.weights[code], shown, hundredths(points), facts[code]))
    return tuple(components), hundredths(total)


def band_of(total: float, method: RankingMethod) -> str:
    """The band whose floor the total reaches, from the top."""
    for band in method.bands:
        if total >= band.floor:
            return band.code
    return method.bands[-1].code


def next_band(total: float, method: RankingMethod):
    """The band just above the total's own, or None at the top."""
    above = [band for band in method.bands if band.floor > total]
    return min(above, key=lambda band: band.floor) if above else None


def order_key(vetoed: bool, total: float, components: Sequence[ComponentScore]) -> tuple:
    """What a unit is placed by: no veto first, then the total, then the components'
    points in :data:`COMPONENTS` order, each higher first."""
    points = {c.code: c.points for c in components}
    return (vetoed, -total, *(-points.get(code, 0.0) for code in COMPONENTS))


def places(items: Sequence[T], key: Callable[[T], tuple], code: Callable[[T], str]) -> list[tuple[T, int]]:
    """``items`` in order with their places: equal keys share a place, the next place
    skips as many (1, 2, 2, 4); equal keys are listed by code."""
    ordered = sorted(items, key=lambda item: (key(item), code(item)))
    placed: list[tuple[T, int]] = []
    for position, item in enumerate(ordered, start=1):
        if placed and key(placed[-1][0]) == key(item):
            placed.append((item, placed[-1][1]))
        else:
            placed.append((item, position))
    return placed
