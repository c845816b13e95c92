"""A ranking method: which components a unit is scored on and their weights, the score
bands, the veto (一票否决) rules, the red and black lists, and how a county is scored.

A method is configuration, not code: a city adopts its own by storing a new version for
its programme (``data_access/ranking_methods.py``), and a stored version is never
altered, only superseded, so an issued circular can always name the method it used.
The vocabulary (component, band, veto and list codes) is declared here once; each code
has a ``ranking.<kind>.<code>`` message in every language.  The default and its reasons
are in ``docs/ranking.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

COMPONENTS = ("stages", "assessment", "activities", "reporting", "hazards")
"""What a unit is scored on, each 0–100: its stages against the planned stage dates, its
latest self-assessment under the programme's scheme, the activity minimums of the hard
rules met, its reports on time and complete, and the hazards it found rectified."""

BANDS = ("excellent", "good", "pass", "fail")
"""Score bands from the top: 优秀, 良好, 达标, 不达标."""

VETOES = ("participation", "satisfaction", "missing_report", "fatal_accident")
"""一票否决 events in the month ranked: participation or satisfaction below a line, the
month's report missing, an accident with a death."""

LISTS = ("red", "black")
"""红榜 (praised) and 黑榜 (pushed)."""

COUNTY_PARTS = ("units", "attainment")
"""A county's score: the mean of its units' scores, and its attainment of the targets."""


@dataclass(frozen=True)
class Band:
    """Scores of ``floor`` and above (and below the next band's floor) fall in ``code``."""

    code: str
    floor: float


@dataclass(frozen=True)
class Veto:
    """A veto rule in use; ``line`` is the rate a unit must not fall below, where the rule
    has one (participation, satisfaction), else None."""

    code: str
    line: float | None = None


@dataclass(frozen=True)
class ListRule:
    """Red: the top ``red_top`` units without a veto and at or above ``red_floor``.  Black:
    the last ``black_bottom`` units, every unit below ``black_below``, and every vetoed
    unit."""

    red_top: int = 3
    red_floor: float = 80.0
    black_bottom: int = 1
    black_below: float = 80.0


@dataclass(frozen=True)
class RankingMethod:
    """One version of a programme's ranking method.

    ``version`` is 0 for the built-in default (:data:`DEFAULT_METHOD`), which no
    programme has stored; stored versions count from 1 per programme.  ``weights`` and
    ``county_weights`` each add up to 100; a component weighted 0 is not scored.
    """

    version: int
    weights: Mapping[str, float]
    bands: tuple[Band, ...]
    vetoes: tuple[Veto, ...]
    lists: ListRule = field(default_factory=ListRule)
    county_weights: Mapping[str, float] = field(default_factory=lambda: {"units": 70.0, "attainment": 30.0})

    def to_json(self) -> str:
        """The method as stored: the same method always gives the same text."""
        data = asdict(self)
        data["weights"] = dict(self.weights)
        data["county_weights"] = dict(self.county_weights)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RankingMethod:
        data = json.loads(text)
        return cls(
            version=int(data["version"]),
            weights={k: float(v) for k, v in data["weights"].items()},
            bands=tuple(Band(b["code"], float(b["floor"])) for b in data["bands"]),
            vetoes=tuple(Veto(v["code"], v["line"]) for v in data["vetoes"]),
            lists=ListRule(**data["lists"]),
            county_weights={k: float(v) for k, v in data["county_weights"].items()},
        )


DEFAULT_METHOD = RankingMethod(
    version=0,
    weights={"stages": 25.0, "assessment": 25.0, "activities": 20.0, "reporting": 15.0, "hazards": 15.0},
    bands=(Band("excellent", 95.0), Band("good", 90.0), Band("pass", 80.0), Band("fail", 0.0)),
    vetoes=(
        Veto("participation", 30.0),
        Veto("satisfaction", 60.0),
        Veto("missing_report"),
        Veto("fatal_accident"),
    ),
)
"""The method a programme ranks by until it stores its own (``docs/ranking.md`` gives
the reasons for each weight and line)."""
