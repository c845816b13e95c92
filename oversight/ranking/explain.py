"""Every rank explained: what lifts a unit to the next band, and the one way a fact
becomes a sentence (:func:`fact_text`), for the page, the documents and the command line.
"""

from __future__ import annotations

import datetime as dt

from oversight.formatting import format_date, format_month
from oversight.i18n import translate
from oversight.ranking.components import Scored
from oversight.ranking.method import RankingMethod
from oversight.ranking.ranks import band_of, hundredths, next_band
from oversight.ranking.results import ComponentScore, Fact

MONTHS = ("month", "period_start", "period_end")
"""Values given as ISO days that a sentence names by month (2015年3月)."""
DAYS = ("planned_end", "reached_on")
"""Values given as ISO days that a sentence names by day (2015年3月31日)."""
BILINGUAL = ("stage", "name", "unit", "county", "description")
"""Names given as ``<name>_zh`` and ``<name>_en``: a sentence reads ``{<name>}``, in its language."""
CODES = {"band": "ranking.band", "verdict": "ranking.verdict", "status": "ranking.status"}
"""Codes a sentence names by their message."""


def unit_lifts(
    total: float,
    vetoes: tuple[Fact, ...],
    scored: dict[str, Scored],
    components: tuple[ComponentScore, ...],
    method: RankingMethod,
) -> tuple[Fact, ...]:
    """What would lift the unit to the band above its score's: the points missing, then
    the actions it can still take, most points first.  An action's points are what it
    adds to the total: its gain on its component × the component's weight ÷ the weights
    that apply.  A vetoed unit is told first that the veto holds it in the last band."""
    lifts: list[Fact] = []
    if vetoes:
        lifts.append(Fact("lift.vetoed", {"vetoes": len(vetoes), "band": band_of(total, method)}))
    target = next_band(total, method)
    if target is None:
        return tuple(lifts)
    applying = sum(c.weight for c in components if c.score is not None)
    actions = []
    for component in components:
        if component.score is None or applying == 0:
            continue
        for action in scored[component.code].actions:
            points = hundredths(component.weight * action.gain / applying)
            actions.append(Fact(action.key, action.values | {"points": points}))
    actions.sort(key=lambda fact: -fact.values["points"])
    lifts.append(Fact("lift.points", {"band": target.code, "points": hundredths(target.floor - total)}))
    return (*lifts, *actions)


def fact_text(fact: Fact, lang: str, family: str = "ranking.fact") -> str:
    """The fact as a sentence in ``lang``: months as 2015年3月 / Mar 2015, days as
    2015年3月31日 / 2015-03-31, names in the language, codes by their message, numbers
    without a trailing .0.  ``family``: the messages the sentence comes from (the
    circular's annex words a fact in short, ``circular.annex.short``)."""
    values: dict[str, object] = {}
    for name, value in fact.values.items():
        if name in MONTHS and value is not None:
            values[name] = format_month(dt.date.fromisoformat(value), lang)
        elif name in DAYS and value is not None:
            values[name] = format_date(dt.date.fromisoformat(value), lang)
        elif name in CODES:
            values[name] = translate(f"{CODES[name]}.{value}", lang)
        elif isinstance(value, float):
            values[name] = f"{value:,.2f}".rstrip("0").rstrip(".")
        else:
            values[name] = value
    for name in BILINGUAL:
        if f"{name}_zh" in fact.values:
            chinese = fact.values[f"{name}_zh"]
            values[name] = chinese if lang == "zh" else fact.values.get(f"{name}_en") or chinese
    return translate(f"{family}.{fact.key}", lang, **values)
