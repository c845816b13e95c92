"""一票否决: the events of the ranked month that put a unit in the last band and after
every unit without one, whatever its score (docs/ranking.md, "Vetoes")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from oversight.ranking.method import RankingMethod, Veto
from oversight.ranking.results import Fact


def unit_vetoes(unit, method: RankingMethod, month: dt.date, month_missing: bool) -> tuple[Fact, ...]:
    """The method's vetoes that strike ``unit`` (a row of ``RankingInputs.units``) in the
    month: a rate reported below its line (a rate not reported vetoes nothing: the
    reporting component counts the report incomplete), the month's report missing at the
    ranking's moment, a death in an accident recorded in the month's report."""
    found = []
    for veto in method.vetoes:
        fact = _check(veto, unit, month_missing)
        if fact is not None:
            found.append(Fact(f"veto.{veto.code}", {"month": month.isoformat()} | fact))
    return tuple(found)


def _check(veto: Veto, unit, month_missing: bool) -> dict | None:
    if veto.code in ("participation", "satisfaction"):
        rate = getattr(unit, f"{veto.code}_rate")
        if rate is not None and not pd.isna(rate) and float(rate) < float(veto.line):
            return {"value": round(float(rate), 1), "line": veto.line}
        return None
    if veto.code == "missing_report":
        return {} if month_missing else None
    if veto.code == "fatal_accident":
        deaths = int(unit.deaths)
        return {"deaths": deaths} if deaths > 0 else None
    raise ValueError(f"unknown veto: {veto.code}")
