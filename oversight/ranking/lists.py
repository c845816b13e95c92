"""红榜 and 黑榜 (docs/ranking.md, "Lists").

Black: every vetoed unit, every unit below the method's line, and the last
``black_bottom`` places (all the units sharing the place at that position: a tie at the
bottom lists them all) if they are placed below the top ``red_top`` places: in a county
of one to three units the last is also among the first three, and a unit scoring 91 was
black-listed for being the only one.  Red, of the rest: the units placed within the top ``red_top``
places, without a veto and at or above the red floor; a tie at the boundary lists every
unit sharing the place (1, 2, 3, 3: four units), while 1, 2, 2, 4 lists three.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from oversight.ranking.method import ListRule


def listings(placed: Sequence[tuple[str, float, bool, int]], rule: ListRule) -> dict[str, str]:
    """``placed``: (unit code, total, vetoed, rank) in ranking order.  Each listed unit's
    list, 'black' or 'red'."""
    listed: dict[str, str] = {}
    if not placed:
        return listed
    bottom = max(len(placed) - rule.black_bottom, 0)
    last_rank = placed[bottom][3] if rule.black_bottom > 0 else None
    if last_rank is not None and last_rank <= rule.red_top:
        last_rank = None  # the last places are among the first: no one is last of the rest
    for code, total, vetoed, rank in placed:
        if vetoed or total < rule.black_below or (last_rank is not None and rank >= last_rank):
            listed[code] = "black"
    for code, total, vetoed, rank in placed:
        if code not in listed and not vetoed and rank <= rule.red_top and total >= rule.red_floor:
            listed[code] = "red"
    return listed


def listing_counts(earlier: Sequence) -> Counter[tuple[str, str | None]]:
    """How often each (unit code, list) appears in the ``earlier`` rankings: counted once,
    not once per unit ranked now."""
    return Counter((unit.unit_code, unit.listing) for ranking in earlier for unit in ranking.units)


def times_listed(code: str, listing: str | None, counts: Counter[tuple[str, str | None]]) -> int:
    """How often the unit has been on ``listing`` this year, this month included; 0 when
    it is on no list this month.  ``counts``: :func:`listing_counts` of the year's
    earlier rankings."""
    if listing is None:
        return 0
    return 1 + counts[(code, listing)]
