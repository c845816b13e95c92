"""What the overview page draws, gathered in one place: the headline tiles with their
change from the month before, the units by stage, and every target of the chosen
programmes classed and forecast, per county-level unit.

``overview_view`` reads through its loaders (:mod:`ui.views._loaders`) and calls the rules of
``oversight/``; ``pages/overview.py`` only draws the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from data_access.attainment import target_progress
from data_access.catalogue import stage_names
from data_access.programmes import programmes_within
from data_access.progress import reporting_status
from data_access.stages import stage_counts
from data_access.subsidies import subsidy_totals
from data_access.target_history import target_history
from data_access.titles import titles_held
from data_access.units import community_choices
from oversight.attainment import assess_targets
from oversight.forecast import forecast_targets
from oversight.formatting import format_count, format_date, format_month, format_wan
from oversight.reporting import months_judged, owed_by_programme
from ui.charts import STATUS_BADGES, STATUS_ORDER, stage_scale
from ui.charts.overview import build_stage_chart, build_target_chart, target_chart_frame
from ui.filters import Filters
from ui.overview_tiles import (
    Tile,
    money_note,
    money_tiles,
    reporting_tiles,
    stage_tiles,
    title_tiles,
    units_behind,
)
from ui.tables import needed_text, status_summary, style_status, target_headlines, target_table
from ui.views._loaders import Loader, loaders


@dataclass(frozen=True)
class ShownTile:
    """One headline tile as drawn: label, figure and change as text, and how the change is
    coloured (money neutral, fewer-is-better inverted)."""

    label: str
    value: str
    delta: str | None = None
    delta_color: str = "normal"


@dataclass(frozen=True)
class Behind:
    """The units behind the 缺报 / 迟报 tiles: the expander's label and one line per unit."""

    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class TargetSection:
    """One target: its heading with the status badge, its shape and dates, what it still
    needs (None when met or missed), the chart and the table per county-level unit."""

    target_id: int
    heading: str
    meta: str
    forecast: str | None
    chart: alt.LayerChart
    table: Styler


@dataclass(frozen=True)
class ProgrammeSection:
    code: str
    header: str
    source: str
    no_targets: str | None
    targets: tuple[TargetSection, ...]


@dataclass(frozen=True)
class OverviewView:
    """Everything the overview draws.  ``no_programmes`` set means the page shows that
    notice alone after its title; the other fields are then empty."""

    title: str
    caption: str
    no_programmes: str | None = None
    before_start: str | None = None
    after_end: str | None = None
    no_units: str | None = None
    unit_tiles: tuple[ShownTile, ...] = ()
    money_tiles: tuple[ShownTile, ...] = ()
    tiles_change: str = ""
    money_note: str = ""
    behind: Behind | None = None
    stages_header: str = ""
    stage_chart: alt.Chart | None = None
    targets_met: ShownTile | None = None
    status_summary: str = ""
    programmes: tuple[ProgrammeSection, ...] = ()


def overview_view(
    chosen: Filters, fetch: Loader | None = None, reference: Loader | None = None
) -> OverviewView:
    """The overview of ``chosen.region`` as of ``chosen.as_of``."""
    fetch, reference = loaders(fetch, reference)
    t, lang, region, as_of = chosen.t, chosen.lang, chosen.region, chosen.as_of
    region_name = chosen.name(region)
    title = t("overview.header", city=region_name)
    caption = t("overview.caption", as_of=format_month(chosen.month, lang))

    programmes = reference(programmes_within, region)
    if chosen.programme is not None:
        programmes = programmes[programmes["code"] == chosen.programme["code"]]
    if programmes.empty:
        return OverviewView(title, caption, no_programmes=t("overview.no_programmes", city=region_name))
    first_start, last_end = min(programmes["start_date"]), max(programmes["end_date"])
    before_start = after_end = None
    if as_of < first_start:
        before_start = t(
            "overview.before_start",
            month=format_month(chosen.month, lang),
            start=format_date(first_start, lang),
        )
    elif chosen.month > last_end:
        after_end = t("overview.after_end", end=format_month(last_end, lang))

    previous_end = chosen.month - dt.timedelta(days=1)
    stages = fetch(stage_counts, region, (as_of, previous_end), chosen.programme_id)
    stages_now, stages_before = stages[stages["day"] == as_of], stages[stages["day"] == previous_end]

    judged_months = months_judged(chosen.month)
    reported_month, month_before = judged_months
    reports = pd.DataFrame(columns=["unit_code", "month", "status"])
    for p in programmes.itertuples():
        owed = owed_by_programme(judged_months, p.start_date, p.end_date)
        if owed:
            found = fetch(reporting_status, int(p.id), int(p.report_deadline_day), owed, region)
            reports = pd.concat([reports, found]) if not reports.empty else found
    reports_now = reports[reports["month"] == reported_month]
    reports_before = reports[reports["month"] == month_before]
    money = fetch(subsidy_totals, region, (as_of, previous_end), chosen.programme_id)

    unit_tiles = [_shown(t(tile.key), tile, t) for tile in stage_tiles(stages_now, stages_before)]
    held = fetch(titles_held, region, (as_of, previous_end))
    titles = title_tiles(held[held["day"] == as_of], held[held["day"] == previous_end], lang)
    if not titles:
        unit_tiles.append(ShownTile(t("overview.no_titles"), "0"))
    unit_tiles += [_shown(t(tile.key, level=level), tile, t) for level, tile in titles]
    unit_tiles += [_shown(t(tile.key), tile, t) for tile in reporting_tiles(reports_now, reports_before)]

    behind_units = units_behind(reports_now, reference(community_choices, region, chosen.programme_id), lang)
    behind = None
    if not behind_units.empty:
        counts = behind_units["status"].value_counts()
        behind = Behind(
            t("overview.behind", missing=int(counts.get("missing", 0)), late=int(counts.get("late", 0))),
            tuple(
                "- "
                + t(
                    "overview.behind.row",
                    status=t(f"overview.report.{row.status}"),
                    county=row.county,
                    unit=row.unit,
                    code=row.code,
                )
                for row in behind_units.itertuples()
            ),
        )

    stage_chart = None
    if not stages_now.empty:
        stage_frame = stages_now.assign(
            county=stages_now[f"county_{lang}"].fillna(stages_now["county_zh"]),
            stage=stages_now[f"stage_{lang}"],
        )
        present = reference(stage_names)
        present = present[present["code"].isin(stages_now["stage_code"])]
        stage_chart = build_stage_chart(stage_frame, t("overview.units_axis"), stage_scale(present, lang))

    assessed = assess_targets(fetch(target_progress, as_of, region))
    assessed = assessed[assessed["programme_code"].isin(programmes["code"])]
    forecast = forecast_targets(assessed, fetch(target_history, as_of, region), as_of)
    headlines = target_headlines(forecast)

    return OverviewView(
        title,
        caption,
        before_start=before_start,
        after_end=after_end,
        no_units=t("overview.no_units", region=region_name) if stages_now.empty else None,
        unit_tiles=tuple(unit_tiles),
        money_tiles=tuple(
            _shown(t(tile.key), tile, t) for tile in money_tiles(money.loc[as_of], money.loc[previous_end])
        ),
        tiles_change=t("overview.tiles.change", month=format_month(reported_month, lang)),
        money_note=money_note(money.loc[as_of], lang),
        behind=behind,
        stages_header=t("overview.stages"),
        stage_chart=stage_chart,
        targets_met=ShownTile(t("overview.targets_met"), f"{int(headlines['met'].sum())} / {len(headlines)}"),
        status_summary=status_summary(headlines["status"], lang),
        programmes=tuple(_programme_section(p, forecast, headlines, chosen) for p in programmes.itertuples()),
    )


def _shown(label: str, tile: Tile, t: Callable[..., str]) -> ShownTile:
    """A tile as drawn: money in 万元 with the unit in the label, so "668.6" fits where
    "¥6,686,000" did not."""
    if tile.money:
        label = t("overview.tile.in_wan", label=label)
    shown = format_wan(tile.value) if tile.money else format_count(tile.value)
    change = None
    if tile.delta:
        change = ("+" if tile.delta > 0 else "") + (
            format_wan(tile.delta) if tile.money else format_count(tile.delta)
        )
    colour = "off" if tile.money else "inverse" if tile.fewer_is_better else "normal"
    return ShownTile(label, shown, change, colour)


def _programme_section(
    programme: Any, forecast: pd.DataFrame, headlines: pd.DataFrame, chosen: Filters
) -> ProgrammeSection:
    t, lang = chosen.t, chosen.lang
    targets = forecast[forecast["programme_code"] == programme.code]
    return ProgrammeSection(
        code=programme.code,
        header=t(
            "overview.programme",
            name=getattr(programme, f"name_{lang}"),
            start=format_month(programme.start_date, lang),
            end=format_month(programme.end_date, lang),
        ),
        source=t("overview.source", source=(lang == "en" and programme.source_en) or programme.source),
        no_targets=t("overview.no_targets") if targets.empty else None,
        targets=tuple(
            _target_section(target_id, rows, headlines.set_index("target_id").loc[target_id], chosen)
            for target_id, rows in targets.groupby("target_id", sort=False)
        ),
    )


def _target_section(target_id: int, rows: pd.DataFrame, scope: pd.Series, chosen: Filters) -> TargetSection:
    t, lang = chosen.t, chosen.lang
    status_labels = {status: t(f"status.{status}") for status in STATUS_ORDER}
    first = rows.iloc[0]
    level = first[f"level_{lang}"]
    budget = first["shape"] == "budget"
    need = needed_text(scope["needed_per_month"], scope["months_left"], budget, lang)
    forecast = None
    if scope["status"] == "not_started":
        forecast = t("overview.not_started", need=need)
    elif scope["status"] in ("on_track", "at_risk"):
        if pd.notna(scope["projected_date"]):
            forecast = t("overview.forecast", date=format_date(scope["projected_date"], lang), need=need)
        else:
            forecast = t("overview.stalled", need=need)
    table = target_table(rows, lang)
    return TargetSection(
        target_id=target_id,
        heading=(
            f"**{t('overview.target', code=first['target_code'], description=first[f'description_{lang}'])}**"
            f"　:{STATUS_BADGES[scope['status']]}-badge[{status_labels[scope['status']]}]"
        ),
        meta=t(
            "overview.target_meta",
            shape=t(f"shape.{first['shape']}"),
            level=level if isinstance(level, str) else t("level.none"),
            due=format_date(first["due_date"], lang),
            judged=format_date(first["judged_on"], lang),
        ),
        forecast=forecast,
        chart=build_target_chart(
            target_chart_frame(rows, lang),
            status_labels,
            t("overview.money_axis" if budget else "overview.units_axis"),
        ),
        table=style_status(table, lang),
    )
