"""Each enrolled unit's component scores and vetoes, before they are weighed and placed."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache

from oversight.periods import report_deadline
from oversight.ranking.components import SCORERS, Scored, columns, owed_range
from oversight.ranking.inputs import COUNTY_COLUMNS, RankingInputs
from oversight.ranking.method import COMPONENTS, RankingMethod
from oversight.ranking.results import Fact
from oversight.ranking.vetoes import unit_vetoes
from oversight.reporting import report_status


@dataclass(frozen=True)
class ScoredUnit:
    """A unit's row of ``RankingInputs.units`` (with its county's names), its components
    scored and the vetoes that strike it."""

    row: object
    scored: dict[str, Scored]
    vetoes: tuple[Fact, ...]

    @property
    def scores(self) -> dict[str, float | None]:
        return {code: self.scored[code].score for code in COMPONENTS}

    @property
    def facts(self) -> dict[str, tuple[Fact, ...]]:
        return {code: self.scored[code].facts for code in COMPONENTS}


def score_units(inputs: RankingInputs, method: RankingMethod) -> list[ScoredUnit]:
    """Every unit of ``inputs`` scored on every component and checked for vetoes, in the
    order of ``inputs.units``."""
    by_component = {code: SCORERS[code](inputs) for code in COMPONENTS}
    submitted = {
        unit_id: at
        for unit_id, month, at in columns(inputs.reports, "unit_id", "month", "first_submitted_at")
        if month == inputs.month
    }
    deadline = report_deadline(inputs.month, inputs.deadline_day)
    # Each unit's row with its county's names looked up, not merged: a merge was a tenth
    # of a city's scoring.
    counties = {row[0]: row[1:] for row in columns(inputs.counties, *COUNTY_COLUMNS)}
    names = [counties.get(county_id, (None, None, None)) for county_id in inputs.units["county_id"].tolist()]
    row_of = _row_type((*inputs.units.columns, *COUNTY_COLUMNS[1:]))
    rows = (
        row_of._make((*unit, *county))
        for unit, county in zip(columns(inputs.units, *inputs.units.columns), names, strict=True)
    )
    # The month's report of a unit that sent none has one verdict for all of them.
    judged_at = inputs.judged_at
    unreported = report_status(None, deadline, judged_at)
    scored = []
    for row in rows:
        unit_id = int(row.unit_id)
        first, last = owed_range(row.owed_from, row.owed_to, inputs.month)
        at = submitted.get(unit_id)
        status = unreported if at is None else report_status(at, deadline, judged_at)
        missing = first <= inputs.month <= last and status == "missing"
        scored.append(
            ScoredUnit(
                row=row,
                scored={code: by_component[code][unit_id] for code in COMPONENTS},
                vetoes=unit_vetoes(row, method, inputs.month, missing),
            )
        )
    return scored


@lru_cache(maxsize=8)
def _row_type(fields: tuple[str, ...]) -> type:
    """The unit row's class, made once per set of columns: making a namedtuple class
    costs as much as scoring a hundred units."""
    return namedtuple("UnitRow", fields)
