"""What a ranking gives: every unit's and county's score, band, rank and listing, and the
facts that explain them.

Explanations are facts (a message key and its values), not sentences, so one ranking
reads in Chinese and in English, and an issued circular stores its ranking as JSON
(:meth:`Ranking.to_json`) that reads back equal.  Values in facts are JSON's own types:
str, int, float, bool, None, and dates as ISO text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from oversight.ranking.method import RankingMethod


@dataclass(frozen=True)
class Fact:
    """One reason, as ``ranking.fact.<key>``'s text filled with ``values``."""

    key: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class ComponentScore:
    """A unit's score on one component: ``score`` 0–100 (None when it does not apply to
    the unit, e.g. no planned stage has come yet; its weight then goes to the others),
    ``points`` what it adds to the total, and the facts it was worked from."""

    code: str
    weight: float
    score: float | None
    points: float
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class UnitRank:
    """A unit's place.  ``rank`` is within the region ranked, ``county_rank`` within its
    county; ``previous_rank`` the rank in the month before (None when not ranked then).
    ``listing`` is 'red', 'black' or None; ``listed_again`` marks a unit on the same list
    the month before, ``times_listed`` counts its listings on that list in the year,
    this one included.  ``lifts`` say what would lift it to the next band."""

    unit_id: int
    unit_code: str
    unit_zh: str
    unit_en: str
    county_id: int
    county_code: str
    county_zh: str
    county_en: str
    components: tuple[ComponentScore, ...]
    total: float
    band: str
    vetoes: tuple[Fact, ...]
    rank: int
    county_rank: int
    previous_rank: int | None
    listing: str | None
    listed_again: bool
    times_listed: int
    lifts: tuple[Fact, ...]

    @property
    def change(self) -> int | None:
        """Places gained since last month (positive: up)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


@dataclass(frozen=True)
class CountyRank:
    """A county-level unit's place: ``units_mean`` of its ranked units' totals and its
    target ``attainment`` (both 0–100), weighted by the method into ``total``.
    ``targets`` counts its target rows; with none, ``attainment`` is 0 and not weighed:
    the total is the units' mean."""

    county_id: int
    county_code: str
    county_zh: str
    county_en: str
    units: int
    units_mean: float
    attainment: float
    total: float
    band: str
    rank: int
    previous_rank: int | None
    facts: tuple[Fact, ...]
    lifts: tuple[Fact, ...]
    targets: int = 0

    @property
    def change(self) -> int | None:
        return None if self.previous_rank is None else self.previous_rank - self.rank


@dataclass(frozen=True)
class Ranking:
    """The ranking of one programme's units in one region for one report month."""

    region_code: str
    region_zh: str
    region_en: str
    programme_code: str
    month: dt.date
    method: RankingMethod
    units: tuple[UnitRank, ...]
    counties: tuple[CountyRank, ...]

    def to_json(self) -> str:
        data = asdict(self)
        data["month"] = self.month.isoformat()
        data["method"] = json.loads(self.method.to_json())
        return json.dumps(data, ensure_ascii=False, sort_keys=True, default=_plain)

    @classmethod
    def from_json(cls, text: str) -> Ranking:
        data = json.loads(text)
        return cls(
            region_code=data["region_code"],
            region_zh=data["region_zh"],
            region_en=data["region_en"],
            programme_code=data["programme_code"],
            month=dt.date.fromisoformat(data["month"]),
            method=RankingMethod.from_json(json.dumps(data["method"])),
            units=tuple(_unit(u) for u in data["units"]),
            counties=tuple(_county(c) for c in data["counties"]),
        )


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def _facts(rows: list[dict]) -> tuple[Fact, ...]:
    return tuple(Fact(row["key"], row["values"]) for row in rows)


def _unit(data: dict) -> UnitRank:
    components = tuple(
        ComponentScore(c["code"], c["weight"], c["score"], c["points"], _facts(c["facts"]))
        for c in data.pop("components")
    )
    facts = {name: _facts(data.pop(name)) for name in ("vetoes", "lifts")}
    return UnitRank(components=components, **facts, **data)


def _county(data: dict) -> CountyRank:
    facts = {name: _facts(data.pop(name)) for name in ("facts", "lifts")}
    return CountyRank(**facts, **data)
