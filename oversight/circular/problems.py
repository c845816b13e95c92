"""存在问题: the problems a circular names, generated from the ranking's facts and the
figures, grouped by kind, each naming the units (or counties) concerned.

A problem is a :class:`~oversight.ranking.results.Fact` whose key is its kind
(:data:`KINDS`) and whose values hold ``items``, one per unit or county, in the ranking's
order; :func:`problem_text` makes it a sentence in either language, so the Word circular
(Chinese) and the page's preview (the page's language) say the same thing.  The unit-level
facts come from the ranking method (``docs/ranking.md``): ``report.missing``,
``report.late``, ``stage.overdue``, ``rule.not_met``, ``hazards.open`` and ``veto.<code>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from oversight.circular.figures import CircularFigures
from oversight.formatting import format_count, format_date, format_money, format_month
from oversight.i18n import translate
from oversight.ranking.explain import fact_text
from oversight.ranking.results import Fact, Ranking, UnitRank

KINDS = (
    "missing_reports",
    "late_reports",
    "overdue_stages",
    "rules_not_met",
    "hazards_open",
    "subsidy_undisbursed",
    "vetoes",
)
"""The kinds of problem, in the order a circular lists them."""


def problems_of(ranking: Ranking, figures: CircularFigures) -> tuple[Fact, ...]:
    """The problems of the month, one fact per kind that has any (none: an empty tuple).

    Reports, stages, activity minimums and hazards come from each unit's component facts,
    vetoes from its vetoes, the subsidy not yet disbursed from the figures per county.
    ``missing_reports`` and ``late_reports`` also carry the programme's report deadline
    day, which the requirements' first draft names."""
    units = sorted(ranking.units, key=lambda u: u.rank)
    found: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for unit in units:
        names = {"unit_zh": unit.unit_zh, "unit_en": unit.unit_en}
        missing = [f.values["month"] for f in _facts(unit, "report.missing")]
        if missing:
            found["missing_reports"].append(names | {"months": missing})
        late = [{"month": f.values["month"], "days": f.values["days"]} for f in _facts(unit, "report.late")]
        if late:
            found["late_reports"].append(names | {"reports": late})
        for fact in _facts(unit, "stage.overdue"):
            found["overdue_stages"].append(names | dict(fact.values))
        for fact in _facts(unit, "rule.not_met"):
            found["rules_not_met"].append(names | dict(fact.values))
        for fact in _facts(unit, "hazards.open"):
            found["hazards_open"].append(names | {"open": fact.values["open"]})
        if unit.vetoes:
            vetoes = [{"key": f.key, "values": dict(f.values)} for f in unit.vetoes]
            found["vetoes"].append(names | {"facts": vetoes})
    for county in figures.counties:
        if county.undisbursed > 0:
            found["subsidy_undisbursed"].append(
                {"county_zh": county.name_zh, "county_en": county.name_en, "amount": county.undisbursed}
            )
    day = {"deadline_day": figures.judged_at.day}
    extra = {"missing_reports": day, "late_reports": day}
    return tuple(
        Fact(kind, {"items": items, **extra.get(kind, {})}) for kind, items in found.items() if items
    )


def _facts(unit: UnitRank, key: str) -> Iterator[Fact]:
    for component in unit.components:
        for fact in component.facts:
            if fact.key == key:
                yield fact


def problem_text(problem: Fact, lang: str) -> str:
    """The problem as one sentence naming every unit or county it concerns, and how many
    (a unit with two minimums not met is counted once)."""
    items = problem.values["items"]
    texts = [item_text(problem.key, item, lang) for item in items]
    separator = "、" if lang == "zh" else "; "
    concerned = {item.get("unit_zh") or item.get("county_zh") for item in items}
    return translate(
        f"circular.problem.{problem.key}", lang, count=len(concerned), items=separator.join(texts)
    )


def item_text(kind: str, item: dict, lang: str) -> str:
    """One unit's (or county's) part of a problem, e.g. 街道B1（2015年9月）."""
    if kind == "subsidy_undisbursed":
        amount = format_money(item["amount"], lang)
        return translate("circular.item.money", lang, county=_name(item, "county", lang), amount=amount)
    name = _name(item, "unit", lang)
    if kind == "missing_reports":
        months = "、" if lang == "zh" else ", "
        shown = months.join(format_month(dt.date.fromisoformat(m), lang) for m in item["months"])
        return translate("circular.item.months", lang, unit=name, months=shown)
    if kind == "late_reports":
        reports = ("、" if lang == "zh" else ", ").join(
            translate(
                "circular.item.late",
                lang,
                month=format_month(dt.date.fromisoformat(r["month"]), lang),
                days=r["days"],
            )
            for r in item["reports"]
        )
        return translate("circular.item.months", lang, unit=name, months=reports)
    if kind == "overdue_stages":
        return translate(
            "circular.item.stage",
            lang,
            unit=name,
            stage=_name(item, "stage", lang),
            planned_end=format_date(dt.date.fromisoformat(item["planned_end"]), lang),
            days=item["days"],
        )
    if kind == "rules_not_met":
        return translate(
            "circular.item.rule",
            lang,
            unit=name,
            name=_name(item, "name", lang),
            period=period_text(item, lang),
            value=format_count(item["value"]),
            required=format_count(item["required"]),
        )
    if kind == "hazards_open":
        return translate("circular.item.hazards", lang, unit=name, open=item["open"])
    if kind == "vetoes":
        separator = "；" if lang == "zh" else "; "
        facts = separator.join(clause(fact_text(Fact(f["key"], f["values"]), lang)) for f in item["facts"])
        return translate("circular.item.veto", lang, unit=name, vetoes=facts)
    raise ValueError(f"unknown problem kind: {kind}")


def clause(sentence: str) -> str:
    """A fact's sentence without its full stop, to stand inside brackets or a list."""
    return sentence.rstrip("。. ")


def period_text(item: dict, lang: str) -> str:
    """2015年1月—12月 / Jan 2015 – Dec 2015; one month alone when the period is a month."""
    first, last = (dt.date.fromisoformat(item[k]) for k in ("period_start", "period_end"))
    if first == last:
        return format_month(first, lang)
    if lang == "zh":
        end = f"{last.month}月" if first.year == last.year else format_month(last, lang)
        return f"{format_month(first, lang)}—{end}"
    return f"{format_month(first, lang)} – {format_month(last, lang)}"


def _name(item: dict, name: str, lang: str) -> str:
    chinese = item[f"{name}_zh"]
    return chinese if lang == "zh" else item.get(f"{name}_en") or chinese
