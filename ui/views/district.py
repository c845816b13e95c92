"""What the district page draws, gathered in one place: for one county-level unit as of
the chosen month, its headline figures, targets and gaps, units by stage, each unit's
stages against the programme's planned stages with the overdue ones, and the subsidy
per unit; without a county, the city's counties to choose from.

``district_view`` reads through its loaders (:mod:`ui.views._loaders`) and calls the rules of
``oversight/``; ``pages/district.py`` only draws the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from data_access.attainment import target_progress
from data_access.catalogue import stage_names
from data_access.programmes import programmes_within
from data_access.regions import county_units
from data_access.stages import planned_stages, stage_counts, stage_events
from data_access.subsidies import unit_subsidies
from data_access.target_history import target_history
from data_access.units import unit_enrolments
from oversight.attainment import assess_targets
from oversight.forecast import forecast_targets
from oversight.formatting import format_count, format_date, format_money, format_month
from oversight.schedule import judge_schedule, milestone_for, overdue_units
from ui.charts import stage_scale
from ui.charts.district import build_pipeline_chart, build_subsidy_chart, build_timeline_chart
from ui.district_tables import (
    county_choices,
    current_stages,
    overdue_frame,
    overdue_table,
    pipeline_frame,
    plan_table,
    stage_spans,
    subsidy_chart_frame,
    subsidy_table,
    target_rows,
    timeline_domain,
    unit_names,
    window_frame,
)
from ui.filters import Filters
from ui.tables import style_status
from ui.views._loaders import Loader, loaders

TIMELINE_WIDTH_PX = 900
"""The narrowest the timeline is drawn on a desktop; window labels are fitted to it."""


@dataclass(frozen=True)
class Chooser:
    """Without a county: the city's counties as (code, button label), or a notice that
    the city has none."""

    no_counties: str | None
    choose: str
    choices: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class Timeline:
    """One programme's units against its planned stages.  ``no_plan`` set means the page
    stops the section after the chart; ``overdue`` None means none are overdue."""

    code: str
    header: str
    before_start: str | None
    after_end: str | None
    chart: alt.LayerChart
    caption: str
    no_plan: str | None
    overdue_header: str
    no_overdue: str
    overdue: pd.DataFrame | None
    plan_header: str
    plan: pd.DataFrame | None
    plan_caption: str


@dataclass(frozen=True)
class DistrictView:
    """Everything the district page draws.  With ``chooser`` set the page shows only the
    title, caption and chooser."""

    title: str
    caption: str
    chooser: Chooser | None = None
    figures: tuple[Figure, ...] = ()
    not_enrolled: str | None = None
    targets_header: str = ""
    targets_caption: str = ""
    no_targets: str | None = None
    targets: Styler | None = None
    pipeline_header: str = ""
    no_units: str | None = None
    pipeline_chart: alt.LayerChart | None = None
    pipeline_caption: str = ""
    later_enrolment: str | None = None
    timelines: tuple[Timeline, ...] = ()
    subsidy_header: str = ""
    no_subsidy: str | None = None
    subsidy_caption: str = ""
    subsidy: pd.DataFrame | None = None
    subsidy_chart: alt.Chart | None = None


def district_view(
    chosen: Filters, fetch: Loader | None = None, reference: Loader | None = None
) -> DistrictView:
    """The district page for ``chosen.county`` (or the chooser of ``chosen.city``'s counties)."""
    fetch, reference = loaders(fetch, reference)
    t, lang, city, county, as_of = chosen.t, chosen.lang, chosen.city, chosen.county, chosen.as_of
    as_of_text = format_month(chosen.month, lang)
    caption = t("district.caption", city=chosen.name(city), as_of=as_of_text)
    if county is None:
        return DistrictView(
            t("district.choose_header", city=chosen.name(city)), caption, _chooser(chosen, fetch, reference)
        )

    county_name = chosen.name(county)
    stages = reference(stage_names)
    seqs = dict(zip(stages["code"], stages["seq"], strict=True))
    scale = stage_scale(stages, lang)
    enrolments = reference(unit_enrolments, county, chosen.programme_id)
    taking_part = enrolments.dropna(subset=["programme_id"])
    outside = enrolments[~enrolments["unit_id"].isin(taking_part["unit_id"])]
    scope = t("district.scope_programme" if chosen.programme is not None else "district.scope_any")
    pipeline = pipeline_frame(fetch(stage_counts, county, (as_of,), chosen.programme_id), stages, lang)
    subsidies = fetch(unit_subsidies, county, as_of, chosen.programme_id)

    programmes = reference(programmes_within, county)
    programmes = programmes[programmes["id"].isin(taking_part["programme_id"].astype(int))]
    planned = reference(planned_stages, county, chosen.programme_id)
    events = fetch(stage_events, county, as_of, chosen.programme_id)
    enrolled_units = taking_part.astype({"programme_id": int})
    judged = judge_schedule(planned, enrolled_units, events, seqs, as_of)
    overdue = overdue_units(judged, seqs)

    figures = (
        Figure(
            t("district.metric_enrolled"),
            f"{taking_part['unit_id'].nunique()} / {enrolments['unit_id'].nunique()}",
        ),
        Figure(
            t("district.metric_named"),
            format_count(pipeline.loc[pipeline["stage_code"] == "named", "reached"].sum()),
        ),
        Figure(t("district.metric_overdue"), format_count(overdue["unit_id"].nunique())),
        Figure(
            t("district.metric_disbursed", allocated=format_money(subsidies["allocated"].sum(), lang)),
            format_money(subsidies["disbursed"].sum(), lang),
        ),
    )
    not_enrolled = None
    if not outside.empty:
        names = unit_names(outside, lang)
        not_enrolled = t(
            "district.not_enrolled",
            units=len(names),
            scope=scope,
            names="、".join(names.values()) if lang == "zh" else ", ".join(names.values()),
        )

    assessed = assess_targets(fetch(target_progress, as_of, county))
    if chosen.programme is not None:
        assessed = assessed[assessed["programme_code"] == chosen.programme["code"]]
    targets = None
    if not assessed.empty:
        forecast = forecast_targets(assessed, fetch(target_history, as_of, county), as_of)
        targets = style_status(target_rows(forecast, lang), lang)

    pipeline_chart = later_enrolment = None
    if not taking_part.empty:
        texts = {
            "units": t("district.units_axis"),
            "stage": t("district.col_stage"),
            "now": t("district.col_now"),
            "reached": t("district.col_reached"),
        }
        pipeline_chart = build_pipeline_chart(pipeline, scale, texts)
        later = taking_part[taking_part["enrolled_on"] > as_of]
        if not later.empty:
            later_enrolment = t(
                "district.later_enrolment",
                units=later["unit_id"].nunique(),
                date=format_date(min(later["enrolled_on"]), lang),
            )

    money = subsidies[["allocated", "disbursed", "received", "spent"]].fillna(0)
    has_money = bool((money > 0).to_numpy().any())
    return DistrictView(
        t("district.header", county=county_name),
        caption,
        figures=figures,
        not_enrolled=not_enrolled,
        targets_header=t("district.targets"),
        targets_caption=t("district.targets_caption"),
        no_targets=t("district.no_targets", county=county_name) if targets is None else None,
        targets=targets,
        pipeline_header=t("district.pipeline"),
        no_units=t("district.no_units", county=county_name, scope=scope) if taking_part.empty else None,
        pipeline_chart=pipeline_chart,
        pipeline_caption=t("district.pipeline_caption"),
        later_enrolment=later_enrolment,
        timelines=tuple(
            _timeline(p, enrolled_units, events, planned, overdue, judged, stages, scale, chosen)
            for p in programmes.itertuples()
        ),
        subsidy_header=t("district.subsidy"),
        no_subsidy=None
        if has_money
        else t("district.no_subsidy", county=county_name, as_of=format_date(as_of, lang)),
        subsidy_caption=t("district.subsidy_caption"),
        subsidy=subsidy_table(subsidies, county_name, lang) if has_money else None,
        subsidy_chart=build_subsidy_chart(
            subsidy_chart_frame(subsidies, county_name, lang), t("district.money_axis")
        )
        if has_money
        else None,
    )


def _chooser(chosen: Filters, fetch: Loader, reference: Loader) -> Chooser:
    t, city = chosen.t, chosen.city
    counties = reference(county_units, city)
    if counties.empty:
        return Chooser(t("district.no_counties", city=chosen.name(city)), "", ())
    enrolled = (
        fetch(stage_counts, city, (chosen.as_of,), chosen.programme_id).groupby("county_code")["units"].sum()
    )
    return Chooser(None, t("district.choose"), tuple(county_choices(counties, enrolled, chosen.lang)))


def _timeline(
    programme: Any,
    enrolled_units: pd.DataFrame,
    events: pd.DataFrame,
    planned: pd.DataFrame,
    overdue: pd.DataFrame,
    judged: pd.DataFrame,
    stages: pd.DataFrame,
    scale: alt.Scale,
    chosen: Filters,
) -> Timeline:
    t, lang, as_of = chosen.t, chosen.lang, chosen.as_of
    name = getattr(programme, f"name_{lang}")
    texts = {
        "plan": t("district.plan_row"),
        "unit": t("district.col_unit"),
        "stage": t("district.col_stage"),
        "from": t("district.col_from"),
        "to": t("district.col_to"),
        "planned_stage": t("district.col_planned_stage"),
        "period": t("district.col_period"),
        "expects": t("district.col_expects"),
        "expected": t("district.col_expected"),
        "days_overdue": t("district.col_days_overdue"),
        "as_of": t("district.col_as_of"),
        "as_of_text": t("district.as_of_text", date=format_date(as_of, lang)),
    }
    before_start = after_end = None
    if as_of < programme.start_date:
        before_start = t(
            "district.before_start", programme=name, start=format_date(programme.start_date, lang)
        )
    elif as_of > programme.end_date:
        after_end = t("district.after_end", programme=name, end=format_date(programme.end_date, lang))
    own_units = enrolled_units[enrolled_units["programme_id"] == programme.id]
    own_events = events[events["programme_id"] == programme.id]
    own_plan = planned[planned["programme_id"] == programme.id]
    own_overdue = overdue[overdue["programme_id"] == programme.id]
    spans = stage_spans(own_units, own_events, stages, as_of, lang)
    domain = timeline_domain(programme.start_date, programme.end_date, spans, as_of)
    milestones = {int(s): milestone_for(n) for s, n in zip(own_plan["seq"], own_plan["name_zh"], strict=True)}
    windows = window_frame(own_plan, stages, milestones, domain, TIMELINE_WIDTH_PX, lang)
    flags = overdue_frame(own_overdue, own_units, stages, as_of, lang)
    order = list(unit_names(own_units, lang).values())
    return Timeline(
        code=programme.code,
        header=t("district.timeline", programme=name),
        before_start=before_start,
        after_end=after_end,
        chart=build_timeline_chart(spans, windows, flags, as_of, domain, scale, order, texts, lang),
        caption=t("district.timeline_caption"),
        no_plan=t("district.no_plan", programme=name) if own_plan.empty else None,
        overdue_header=t("district.overdue"),
        no_overdue=t("district.no_overdue", as_of=format_date(as_of, lang)),
        overdue=None
        if own_plan.empty or own_overdue.empty
        else overdue_table(own_overdue, own_units, stages, current_stages(spans), lang),
        plan_header=t("district.plan"),
        plan=None
        if own_plan.empty
        else plan_table(windows, judged[judged["programme_id"] == programme.id], lang),
        plan_caption=t("district.plan_caption"),
    )
