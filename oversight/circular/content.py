"""A monthly circular's content (月度通报): the ranking, the figures, the problems, the
requirements and, once issued, its office, number and date; and the texts and tables every
document of it is made of, so the workbook, the Word circular and the page's preview say
the same thing.

Sections (``docs/circular.md``): 一、总体情况  二、排名情况 (区县, 单位)  三、红黑榜
四、存在问题  五、下步工作要求; annex 各单位得分说明.  The documents are Chinese; every
function here also speaks English for the page.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from oversight.circular.figures import Change, CircularFigures, stage_columns
from oversight.circular.problems import clause, problems_of
from oversight.circular.requirements import draft_requirements
from oversight.formatting import format_date, format_money, format_month
from oversight.i18n import translate
from oversight.periods import month_end
from oversight.ranking.explain import fact_text
from oversight.ranking.results import Fact, Ranking, UnitRank

SECTIONS = ("overview", "ranking", "lists", "problems", "requirements")
"""The circular's sections in order, numbered 一、 to 五、."""
SECTION_NUMBERS = "一二三四五"


@dataclass(frozen=True)
class Issue:
    """What issuing (印发) sets: the office's name as its red mark, the document number
    (e.g. 遂安监通〔2015〕9号) and the date it is issued on."""

    office_zh: str
    number: str
    issued_on: dt.date


@dataclass(frozen=True)
class Circular:
    """A circular: ``issue`` None while it is a draft."""

    ranking: Ranking
    figures: CircularFigures
    problems: tuple[Fact, ...]
    requirements: str
    issue: Issue | None

    def to_json(self) -> str:
        data = {
            "ranking": json.loads(self.ranking.to_json()),
            "figures": json.loads(self.figures.to_json()),
            "problems": [{"key": p.key, "values": p.values} for p in self.problems],
            "requirements": self.requirements,
            "issue": None
            if self.issue is None
            else {
                "office_zh": self.issue.office_zh,
                "number": self.issue.number,
                "issued_on": self.issue.issued_on.isoformat(),
            },
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Circular:
        data = json.loads(text)
        issue = data["issue"]
        return cls(
            ranking=Ranking.from_json(json.dumps(data["ranking"])),
            figures=CircularFigures.from_json(json.dumps(data["figures"])),
            problems=tuple(Fact(p["key"], p["values"]) for p in data["problems"]),
            requirements=data["requirements"],
            issue=None
            if issue is None
            else Issue(issue["office_zh"], issue["number"], dt.date.fromisoformat(issue["issued_on"])),
        )


def build_circular(
    ranking: Ranking, figures: CircularFigures, requirements: str | None = None, issue: Issue | None = None
) -> Circular:
    """The circular of ``ranking``'s month; ``requirements`` None gives the generated
    first draft (:func:`oversight.circular.requirements.draft_requirements`)."""
    problems = problems_of(ranking, figures)
    if requirements is None:
        requirements = draft_requirements(ranking, problems)
    return Circular(ranking, figures, problems, requirements, issue)


# --- texts ---------------------------------------------------------------------------


def office_of(circular: Circular) -> str:
    """The issuing office: the issue's, or for a draft the region's work-safety bureau."""
    if circular.issue is not None:
        return circular.issue.office_zh
    return f"{circular.ranking.region_zh}安全生产监督管理局"


def title(circular: Circular, lang: str) -> str:
    return translate("circular.title", lang, month=format_month(circular.ranking.month, lang))


def section_heading(section: str, lang: str) -> str:
    """一、总体情况 / 1. Overall progress."""
    index = SECTIONS.index(section)
    name = translate(f"circular.section.{section}", lang)
    return f"{SECTION_NUMBERS[index]}、{name}" if lang == "zh" else f"{index + 1}. {name}"


def score_text(value: float) -> str:
    """A score with up to two decimals and no trailing zeros: 97.5, 80.63, 90."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def change_text(change: Change, lang: str) -> str:
    """+3 (+300.0%) as 增加3（300.0%）, a change without base or comparison as words."""
    if change.base is None:
        return translate("circular.change.none", lang)
    if change.change is None:
        return translate("circular.change.not_comparable", lang)
    if change.change == 0:
        return translate("circular.change.same", lang)
    pct = (
        ""
        if change.percent is None
        else f"（{abs(change.percent):.1f}%）"
        if lang == "zh"
        else f" ({abs(change.percent):.1f}%)"
    )
    key = "circular.change.up" if change.change > 0 else "circular.change.down"
    return translate(key, lang, change=abs(change.change), pct=pct)


def overview_paragraphs(circular: Circular, lang: str) -> tuple[str, ...]:
    """一、总体情况: units and stages, titles, reports, accidents, hazards, money."""
    f, r = circular.figures, circular.ranking
    month = format_month(f.month, lang)
    separator = "，" if lang == "zh" else ", "
    stage_text = separator.join(
        translate(
            "circular.overview.stage", lang, stage=s.name_zh if lang == "zh" else s.name_en, units=s.units
        )
        for s in stage_columns(f)
    )
    titles = (
        translate(
            "circular.overview.titles",
            lang,
            titles=separator.join(
                translate(
                    "circular.overview.title",
                    lang,
                    level=t.name_zh if lang == "zh" else t.name_en,
                    units=t.units,
                )
                for t in f.titles
            ),
        )
        if f.titles
        else translate("circular.overview.no_titles", lang)
    )
    units = translate(
        "circular.overview.units",
        lang,
        region=r.region_zh if lang == "zh" else r.region_en,
        units=f.units,
        programme=f.programme(lang),
        month_end=format_date(month_end(f.month), lang),
        stages=stage_text or "—",
    )
    reports = translate(
        "circular.overview.reports",
        lang,
        month=month,
        owed=f.reports_month.owed,
        on_time=f.reports_month.on_time,
        missing=f.reports_month.missing,
        judged=format_date(f.judged_at.date(), lang),
        year=f.month.year,
        year_owed=f.reports_year.owed,
        year_on_time=f.reports_year.on_time,
        year_late=f.reports_year.late,
        year_missing=f.reports_year.missing,
    )
    accidents, injuries, deaths = (f.outcome(c) for c in ("accidents", "injuries", "deaths"))

    dropped = False

    def shown(change: Change, key: str) -> str:
        nonlocal dropped
        if not change.comparable:
            dropped = True
            return ""
        return translate(f"circular.change.{key}", lang, change=change_text(change, lang))

    def joined(*parts: str) -> str:
        text = ("，" if lang == "zh" else ", ").join(p for p in parts if p)
        return "" if not text else f"，{text}" if lang == "zh" else f" ({text})"

    def both(outcome) -> str:
        return joined(shown(outcome.year_on_year, "year"), shown(outcome.month_on_month, "month"))

    outcomes = translate(
        "circular.overview.outcomes",
        lang,
        month=month,
        accidents=accidents.month,
        accidents_change=both(accidents),
        injuries=injuries.month,
        injuries_change=both(injuries),
        deaths=deaths.month,
        deaths_change=both(deaths),
        year=f.month.year,
        accidents_ytd=accidents.year_to_date,
        accidents_ytd_change=joined(shown(accidents.year_to_date_on_year, "year")),
    )
    found, fixed = f.outcome("hazards_found"), f.outcome("hazards_rectified")
    hazards = translate(
        "circular.overview.hazards",
        lang,
        month=month,
        found=found.month,
        rectified=fixed.month,
        found_change=both(found),
        year=f.month.year,
        found_ytd=found.year_to_date,
        rectified_ytd=fixed.year_to_date,
    )
    money = translate(
        "circular.overview.money",
        lang,
        allocated=format_money(f.allocated, lang),
        disbursed=format_money(f.disbursed, lang),
    )
    if dropped:
        outcomes = (
            f"{outcomes}{'' if lang == 'zh' else ' '}{translate('circular.overview.not_compared', lang)}"
        )
    return (f"{units}{titles}" if lang == "zh" else f"{units} {titles}", reports, outcomes, hazards, money)


def ranking_intros(circular: Circular, lang: str) -> tuple[str, str]:
    """How counties and units are scored, in one sentence each (the method in brief)."""
    method = circular.ranking.method
    separator = "、" if lang == "zh" else ", "
    components = separator.join(
        translate(
            "circular.ranking.component",
            lang,
            name=translate(f"ranking.component.{code}", lang),
            weight=score_text(weight),
        )
        for code, weight in method.weights.items()
        if weight > 0
    )
    counties = translate(
        "circular.ranking.counties_intro",
        lang,
        units_weight=score_text(method.county_weights["units"]),
        attainment_weight=score_text(method.county_weights["attainment"]),
    )
    return counties, translate("circular.ranking.units_intro", lang, components=components)


def rank_change_text(change: int | None) -> str:
    """↑2, ↓1, — (unchanged or not ranked the month before)."""
    if change is None or change == 0:
        return "—"
    return f"↑{change}" if change > 0 else f"↓{-change}"


def _names(unit: UnitRank, lang: str) -> tuple[str, str]:
    return (unit.unit_zh, unit.county_zh) if lang == "zh" else (unit.unit_en, unit.county_en)


def county_table(circular: Circular, lang: str) -> tuple[list[str], list[list]]:
    """表1: one row per county by rank: rank, county, units, units' mean, attainment,
    score, band, change.  The band column holds the band's name; see :func:`county_bands`."""
    columns = ["rank", "county", "units", "units_mean", "attainment", "total", "band", "change"]
    rows = [
        [
            c.rank,
            c.county_zh if lang == "zh" else c.county_en,
            c.units,
            round(c.units_mean, 2),
            round(c.attainment, 2),
            round(c.total, 2),
            translate(f"ranking.band.{c.band}", lang),
            rank_change_text(c.change),
        ]
        for c in sorted(circular.ranking.counties, key=lambda c: c.rank)
    ]
    return [translate(f"circular.column.{c}", lang) for c in columns], rows


def county_bands(circular: Circular) -> list[str]:
    return [c.band for c in sorted(circular.ranking.counties, key=lambda c: c.rank)]


def units_by_rank(circular: Circular) -> list[UnitRank]:
    return sorted(circular.ranking.units, key=lambda u: u.rank)


def unit_table(circular: Circular, lang: str) -> tuple[list[str], list[list]]:
    """表2: one row per unit by rank: rank, unit, county, rank in county, score, band,
    change, list, vetoes."""
    columns = ["rank", "unit", "county", "county_rank", "total", "band", "change", "list", "vetoes"]
    separator = "、" if lang == "zh" else ", "
    rows = []
    for u in units_by_rank(circular):
        unit, county = _names(u, lang)
        vetoes = separator.join(
            translate(f"ranking.veto.{f.key.removeprefix('veto.')}", lang) for f in u.vetoes
        )
        rows.append(
            [
                u.rank,
                unit,
                county,
                u.county_rank,
                round(u.total, 2),
                translate(f"ranking.band.{u.band}", lang),
                rank_change_text(u.change),
                translate(f"ranking.list.{u.listing}", lang) if u.listing else "",
                vetoes,
            ]
        )
    return [translate(f"circular.column.{c}", lang) for c in columns], rows


def list_lines(circular: Circular, lang: str) -> tuple[str, str]:
    """三、红黑榜: the red list and the black list, each naming its units in rank order; a
    unit listed again in consecutive months is marked with its count of listings."""
    separator = "、" if lang == "zh" else ", "
    lines = []
    for listing in ("red", "black"):
        members = [u for u in units_by_rank(circular) if u.listing == listing]
        names = [
            _names(u, lang)[0]
            + (translate("circular.lists.again", lang, times=u.times_listed) if u.listed_again else "")
            for u in members
        ]
        units = separator.join(names) if names else translate("circular.lists.none", lang)
        lines.append(translate(f"circular.lists.{listing}", lang, count=len(members), units=units))
    return lines[0], lines[1]


def requirement_paragraphs(circular: Circular) -> tuple[str, ...]:
    """五、下步工作要求 as written (edited or drafted), one paragraph a non-blank line."""
    return tuple(line.strip() for line in circular.requirements.splitlines() if line.strip())


@dataclass(frozen=True)
class AnnexEntry:
    """One unit's explanation in the annex: a heading line, then its components, vetoes
    and what would lift it."""

    heading: str
    components: tuple[str, ...]
    facts: tuple[str, ...]
    vetoes: str | None
    lifts: str | None


def annex_entries(circular: Circular, lang: str) -> tuple[AnnexEntry, ...]:
    """附件 各单位得分说明: every unit, by rank."""
    separator = "；" if lang == "zh" else "; "
    entries = []
    for u in units_by_rank(circular):
        unit, county = _names(u, lang)
        components = []
        for c in u.components:
            name = translate(f"ranking.component.{c.code}", lang)
            if c.score is None:
                components.append(translate("circular.annex.not_applicable", lang, name=name))
            else:
                components.append(
                    translate(
                        "circular.annex.component",
                        lang,
                        name=name,
                        score=score_text(c.score),
                        weight=score_text(c.weight),
                        points=score_text(c.points),
                    )
                )
        facts = tuple(fact_text(f, lang) for c in u.components for f in c.facts)
        vetoes = _joined(u.vetoes, lang, separator)
        lifts = _joined(u.lifts, lang, separator)
        entries.append(
            AnnexEntry(
                heading=translate(
                    "circular.annex.unit",
                    lang,
                    rank=u.rank,
                    unit=unit,
                    county=county,
                    total=score_text(u.total),
                    band=translate(f"ranking.band.{u.band}", lang),
                ),
                components=tuple(components),
                facts=facts,
                vetoes=None if vetoes is None else translate("circular.annex.vetoes", lang, vetoes=vetoes),
                lifts=None if lifts is None else translate("circular.annex.lifts", lang, lifts=lifts),
            )
        )
    return tuple(entries)


ANNEX_ACTIONS = 2
"""How many of a unit's actions the annex's table names (the most points first): the
rest are in the workbook and on the page."""


def annex_table(circular: Circular, lang: str) -> tuple[list[str], list[list]]:
    """附件 各单位得分说明 as one table, a row per unit by rank: rank, unit, county, each
    weighted component's points (its weight, the most it can give, in the header; "—"
    where it does not apply), score, band, the vetoes and what would lift it, both short.
    What would lift it: the band the score would have without the veto (when it differs
    from the band shown), the points missing to the next band, then the first
    :data:`ANNEX_ACTIONS` actions.  Every fact in full is in the workbook's 得分说明."""
    codes = [code for code, weight in circular.ranking.method.weights.items() if weight > 0]
    none = translate("circular.annex.none", lang)
    separator = "、" if lang == "zh" else "; "
    headers = [translate(f"circular.column.{c}", lang) for c in ("rank", "unit", "county")]
    headers += [
        translate(
            "circular.annex.header",
            lang,
            name=translate(f"circular.annex.column.{code}", lang),
            weight=score_text(circular.ranking.method.weights[code]),
        )
        for code in codes
    ]
    headers += [translate(f"circular.column.{c}", lang) for c in ("total", "band")]
    headers += [translate(f"circular.annex.column.{c}", lang) for c in ("vetoes", "lifts")]
    rows = []
    for u in units_by_rank(circular):
        components = {c.code: c for c in u.components}
        points = [
            none
            if code not in components or components[code].score is None
            else score_text(components[code].points)
            for code in codes
        ]
        lifts = [f for f in u.lifts if f.key != "lift.vetoed" or f.values["band"] != u.band]
        shown = [f for f in lifts if f.key in ("lift.vetoed", "lift.points")]
        shown += [f for f in lifts if f not in shown][:ANNEX_ACTIONS]
        vetoes = separator.join(fact_text(f, lang, "circular.annex.short") for f in u.vetoes)
        lift = ("；" if lang == "zh" else "; ").join(
            fact_text(f, lang, "circular.annex.short") for f in shown
        )
        rows.append(
            [
                u.rank,
                *_names(u, lang),
                *points,
                score_text(u.total),
                translate(f"ranking.band.{u.band}", lang),
                vetoes or none,
                lift or none,
            ]
        )
    return headers, rows


def _joined(facts: Sequence[Fact], lang: str, separator: str) -> str | None:
    return separator.join(clause(fact_text(f, lang)) for f in facts) if facts else None
