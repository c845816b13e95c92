"""What the indicator heatmap draws, gathered in one place so it can be tested without AppTest.

The page draws in two steps around its view controls (grid, sort, expanded indicator,
low-first), whose values the leader sets: :func:`heatmap_view` gathers what does not
depend on them (the headline figures, the controls' options, the hard rules not met) and
applies the rules of ``oversight/``; :func:`grids_view` then draws the grids and the unit
list in the chosen :class:`~ui.heatmap_tables.HeatmapView`.  Both read through their
loaders (:mod:`ui.views._loaders`); ``pages/heatmap.py`` only lays out and draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from data_access.catalogue import indicator_items
from data_access.hard_rules import hard_rule_measures, hard_rule_names
from data_access.programmes import programmes_within
from data_access.regions import county_units
from data_access.schemes import grading_scheme
from data_access.scores import county_indicator_scores, current_indicator_scores, current_item_scores
from oversight.formatting import format_month
from oversight.hard_rules import judge_hard_rules
from ui.charts.heatmap import build_grid_chart
from ui.filters import Filters
from ui.heatmap_tables import (
    ALL_ITEMS,
    BREACHES,
    COUNTIES_VIEW,
    NO_DETAIL,
    SORT_NAME,
    SORT_SCORE,
    HeatmapView,
    county_cells,
    indicator_cells,
    item_cells,
    rule_marks,
    shown_value,
    style_stale,
    unit_labels,
    unit_order,
    units_table,
    view_options,
    violations_table,
)
from ui.views._loaders import Loader, loaders


@dataclass(frozen=True)
class Controls:
    """The view controls: each one's label, its options (the default first) and the text
    each option shows; ``indicators`` are the first-level indicators a link may name."""

    indicators: dict[int, str]
    view_label: str
    views: dict[str, str]
    sort_label: str
    sorts: dict[str, str]
    detail_label: str
    details: dict[str, str]
    lowest_first: str


@dataclass(frozen=True)
class Violations:
    """The hard rules not met: the table (None when there are none, ``none_note`` then
    says so) and how many rate rules were not judged (None when all were)."""

    header: str
    none_note: str
    table: pd.DataFrame | None
    not_judged: str | None


@dataclass(frozen=True)
class Scores:
    """What the grids are drawn from, read once for the month: each assessed unit's
    latest scores (``wide``), the judged hard rules, the enrolled units (``roster``) and
    the names the cells carry."""

    wide: pd.DataFrame
    judged: pd.DataFrame
    roster: pd.DataFrame
    labels: dict[str, str]
    county_names: dict[int, str]
    indicator_names: dict[int, str]
    item_names: dict[str, str]
    rules: pd.DataFrame


@dataclass(frozen=True)
class Heatmap:
    """The heatmap before its controls.  ``halt`` set means the page says it after the
    title and stops; ``controls`` None means no unit has self-assessed (``no_assessments``
    then says so instead of the controls and grids)."""

    chosen: Filters
    title: str
    halt: str | None = None
    caption: str = ""
    after_end: str | None = None
    figures: tuple[tuple[str, int], ...] = ()
    no_assessments: str | None = None
    controls: Controls | None = None
    violations: Violations | None = None
    units_header: str = ""
    scores: Scores | None = None


@dataclass(frozen=True)
class Grid:
    """One heat grid ('counties', 'grid' of units or its 'items'): its heading, chart and
    caption; ``selectable`` when clicking a row (a unit) opens the community page."""

    name: str
    header: str
    chart: alt.LayerChart
    caption: str | None = None
    selectable: bool = False


@dataclass(frozen=True)
class Grids:
    """The grids of the chosen view (none before any self-assessment), how to open a unit
    from them (None in the county view), and the unit list with the unit code of each row."""

    grids: tuple[Grid, ...]
    select_hint: str | None
    units: Styler
    codes: tuple[str, ...]


def heatmap_view(chosen: Filters, fetch: Loader | None = None, reference: Loader | None = None) -> Heatmap:
    """The heatmap of ``chosen.region`` as of ``chosen.month``, up to its controls."""
    fetch, reference = loaders(fetch, reference)
    t, lang, month, region = chosen.t, chosen.lang, chosen.month, chosen.region
    region_name = chosen.name(region)
    month_text = format_month(month, lang)
    title = t("heatmap.header", region=region_name)

    programmes = reference(programmes_within, region)
    if chosen.programme is not None:
        programmes = programmes[programmes["code"] == chosen.programme["code"]]
    if programmes.empty:
        return Heatmap(chosen, title, t("heatmap.no_programmes", region=region_name))
    start = min(programmes["start_date"]).replace(day=1)
    if month < start:
        return Heatmap(
            chosen, title, t("heatmap.before_start", month=month_text, start=format_month(start, lang))
        )
    judged = judge_hard_rules(fetch(hard_rule_measures, region, month, chosen.programme_id))
    roster = judged.drop_duplicates("unit_code")[["unit_code", "unit_zh", "unit_en", "county_id"]]
    if roster.empty:
        return Heatmap(chosen, title, t("heatmap.no_units", region=region_name))

    counties = reference(county_units, region)  # its counties: the units lie in them
    county_names = dict(
        zip(counties["id"], counties[f"name_{lang}"].fillna(counties["name_zh"]), strict=True)
    )
    labels = unit_labels(roster, county_names, lang)
    catalogue = reference(indicator_items)
    indicators = catalogue.drop_duplicates("indicator_seq")
    indicator_names = dict(zip(indicators["indicator_seq"], indicators[f"indicator_{lang}"], strict=True))
    item_names = dict(zip(catalogue["item_code"], catalogue[f"item_{lang}"], strict=True))
    rules = reference(hard_rule_names)
    end = max(programmes["end_date"]).replace(day=1)

    wide = fetch(current_indicator_scores, region, month, chosen.programme_id)
    breaches = judged[judged["verdict"].isin(BREACHES)]
    not_judged = int((judged["verdict"] == "not_judged").sum())
    return Heatmap(
        chosen,
        title,
        caption=t("heatmap.caption", month=month_text, scheme=_scheme_name(chosen, programmes, reference)),
        after_end=t("heatmap.after_end", end=format_month(end, lang), month=month_text)
        if month > end
        else None,
        figures=(
            (t("heatmap.metric_units"), len(roster)),
            (t("heatmap.metric_assessed"), len(wide)),
            (t("heatmap.metric_stale"), int((wide["assessed_month"] < month).sum())),
            (t("heatmap.metric_violations"), len(breaches)),
        ),
        no_assessments=t("heatmap.no_assessments", month=month_text, region=region_name, units=len(roster))
        if wide.empty
        else None,
        controls=None if wide.empty else _controls(chosen, indicator_names),
        violations=Violations(
            t("heatmap.violations_title"),
            t("heatmap.no_violations", month=month_text),
            None if breaches.empty else violations_table(judged, rules, labels, county_names, lang),
            t("heatmap.not_judged", count=not_judged) if not_judged else None,
        ),
        units_header=t("heatmap.units_title"),
        scores=Scores(wide, judged, roster, labels, county_names, indicator_names, item_names, rules),
    )


def link_notices(chosen: Filters, rejected: Mapping[str, str]) -> tuple[str, ...]:
    """What the page says of a link's view parameters that name no view (parameter →
    value as given, from :func:`ui.heatmap_tables.view_from_params`)."""
    return tuple(
        chosen.t(f"heatmap.unknown_{name}", value=shown_value(value)) for name, value in rejected.items()
    )


def grids_view(heatmap: Heatmap, shown: HeatmapView, fetch: Loader | None = None) -> Grids:
    """The grids and the unit list of ``heatmap`` in the view ``shown``.  The county grid
    averages the units; the unit grid and its items are sorted as ``shown`` says, and so
    is the unit list, which shows the sorting indicator."""
    fetch, _ = loaders(fetch)
    chosen, scores = heatmap.chosen, heatmap.scores
    t, lang, month, region = chosen.t, chosen.lang, chosen.month, chosen.region
    wide, judged = scores.wide, scores.judged
    order = [] if wide.empty else unit_order(wide, shown.sort, shown.lowest_first)
    texts = {
        "score": t("heatmap.legend_score"),
        "rule": t("heatmap.legend_rule"),
        "violated": t("heatmap.verdict_violated"),
        "failed": t("heatmap.verdict_failed"),
        "row": t("heatmap.col_unit"),
    }
    grids: list[Grid] = []
    if not wide.empty and shown.view == COUNTIES_VIEW:
        averages = fetch(county_indicator_scores, region, month, chosen.programme_id)
        cells, county_order = county_cells(
            averages, scores.indicator_names, shown.sort, shown.lowest_first, lang
        )
        chart = build_grid_chart(cells, county_order, texts | {"row": t("heatmap.col_county")}, False)
        grids.append(Grid("counties", t("heatmap.county_title"), chart, t("heatmap.county_caption")))
    elif not wide.empty:
        marks = rule_marks(judged, scores.rules, "indicator_seq")
        cells = indicator_cells(wide, order, scores.labels, scores.indicator_names, marks, month, lang)
        chart = build_grid_chart(cells, order, texts)
        grids.append(Grid("grid", t("heatmap.grid_title"), chart, t("heatmap.legend_caption"), True))
        if shown.detail != NO_DETAIL:
            grids.append(_items(heatmap, shown.detail, order, texts, fetch))
    table, codes, stale = units_table(
        wide, scores.roster, order, scores.labels, scores.county_names, judged, month, shown.sort, lang
    )
    hint = t("heatmap.select_hint") if any(grid.selectable for grid in grids) else None
    return Grids(tuple(grids), hint, style_stale(table, stale, lang), tuple(codes))


def _items(heatmap: Heatmap, detail: str, order: list[str], texts: dict[str, str], fetch: Loader) -> Grid:
    """The expanded indicator's items (or all 45) per unit, in the unit grid's order."""
    chosen, scores = heatmap.chosen, heatmap.scores
    t = chosen.t
    indicator = None if detail == ALL_ITEMS else int(detail)
    header = (
        t("heatmap.items_all_title")
        if indicator is None
        else t("heatmap.items_title", name=f"{indicator}. {scores.indicator_names[indicator]}")
    )
    items = fetch(current_item_scores, chosen.region, chosen.month, chosen.programme_id, indicator)
    cells = item_cells(
        items,
        scores.wide,
        order,
        scores.labels,
        scores.item_names,
        rule_marks(scores.judged, scores.rules, "item_code"),
        None if indicator is None else (indicator, t(f"heatmap.short_{indicator}")),
        chosen.lang,
    )
    chart = build_grid_chart(cells, order, texts, label_angle=-90 if indicator is None else 0)
    return Grid("items", header, chart, None, True)


def _scheme_name(chosen: Filters, programmes: pd.DataFrame, reference: Loader) -> str:
    """The grading scheme the scores are counted by, or that the programmes mix schemes."""
    t, lang = chosen.t, chosen.lang
    schemes = programmes["scheme_id"].unique()
    if len(schemes) == 1:
        scheme = reference(grading_scheme, int(schemes[0]))
        if not scheme.empty:
            name = scheme[f"name_{lang}"].iloc[0]
            return f"“{name}”" if lang == "zh" else name
    return t("heatmap.scheme_mixed")


def _controls(chosen: Filters, indicator_names: dict[int, str]) -> Controls:
    t = chosen.t
    options = view_options(indicator_names)
    return Controls(
        indicators=indicator_names,
        view_label=t("heatmap.view"),
        views={key: t(f"heatmap.view_{key}") for key in options["view"]},
        sort_label=t("heatmap.sort"),
        sorts={
            key: t(f"heatmap.sort_{key}")
            if key in (SORT_SCORE, SORT_NAME)
            else t("heatmap.sort_indicator", seq=key, name=t(f"heatmap.short_{key}").split(" ", 1)[1])
            for key in options["sort"]
        },
        detail_label=t("heatmap.detail"),
        details={
            key: t(f"heatmap.detail_{key}")
            if key in (NO_DETAIL, ALL_ITEMS)
            else t("heatmap.detail_indicator", seq=key, name=indicator_names[int(key)])
            for key in options["detail"]
        },
        lowest_first=t("heatmap.lowest_first"),
    )
