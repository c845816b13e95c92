"""What changed between two versions of a month's circular: an issued one and its
correction, or the issued one and a draft computed from today's data.

Compared: each unit's and county's rank, score (to the two decimals a circular prints),
band and listing (a unit or county only in one of them shows as added or gone); the
problems (存在问题) found in one and not the other; and the text of 下步工作要求.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from oversight.ranking.results import Fact, Ranking

FIELDS = ("rank", "total", "band", "listing")
"""What is compared of a unit or a county, in this order (a county has no listing)."""


class Version(Protocol):
    """What a circular version offers to compare (``oversight.circular.content.Circular``)."""

    ranking: Ranking
    problems: tuple[Fact, ...]
    requirements: str


@dataclass(frozen=True)
class Change:
    """One difference.  ``part`` is 'unit', 'county', 'problem' or 'requirements';
    ``field`` one of :data:`FIELDS`, 'presence' (``before``/``after`` True when it is
    there), or, for a problem, 'problem' (the fact, None on the side without it)."""

    part: str
    code: str
    name_zh: str
    name_en: str
    field: str
    before: Any
    after: Any


def ranking_changes(old: Ranking, new: Ranking) -> tuple[Change, ...]:
    """The units' and counties' changes, in the new ranking's order (gone ones last)."""
    found: list[Change] = []
    for part, olds, news, code_of in (
        ("unit", old.units, new.units, lambda u: u.unit_code),
        ("county", old.counties, new.counties, lambda c: c.county_code),
    ):
        before = {code_of(row): row for row in olds}
        after = {code_of(row): row for row in news}
        for code in [*after, *(c for c in before if c not in after)]:
            was, now = before.get(code), after.get(code)
            named = now or was
            zh, en = (named.unit_zh, named.unit_en) if part == "unit" else (named.county_zh, named.county_en)
            if was is None or now is None:
                found.append(Change(part, code, zh, en, "presence", was is not None, now is not None))
                continue
            for field in FIELDS:
                if part == "county" and field == "listing":
                    continue
                a, b = _value(was, field), _value(now, field)
                if a != b:
                    found.append(Change(part, code, zh, en, field, a, b))
    return tuple(found)


def circular_changes(old: Version, new: Version) -> tuple[Change, ...]:
    """Everything that differs between two versions of a circular."""
    found = list(ranking_changes(old.ranking, new.ranking))
    old_problems, new_problems = _keyed(old.problems), _keyed(new.problems)
    for key, fact in old_problems.items():
        if key not in new_problems:
            found.append(Change("problem", fact.key, "", "", "problem", fact, None))
    for key, fact in new_problems.items():
        if key not in old_problems:
            found.append(Change("problem", fact.key, "", "", "problem", None, fact))
    if old.requirements.strip() != new.requirements.strip():
        found.append(Change("requirements", "", "", "", "requirements", old.requirements, new.requirements))
    return tuple(found)


def _value(row: Any, field: str) -> Any:
    value = getattr(row, field)
    return round(value, 2) if field == "total" else value


def _keyed(facts: tuple[Fact, ...]) -> dict[str, Fact]:
    """Facts by their JSON text: a fact read back from an issued circular holds lists
    where a fresh one may hold tuples, and the two are the same fact."""
    return {json.dumps([fact.key, fact.values], sort_keys=True, ensure_ascii=False): fact for fact in facts}
