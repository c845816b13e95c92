"""What the community page draws, gathered in one place so it can be tested without AppTest.

:func:`chooser_view` lists the units the chooser offers; :func:`community_view` gathers one
unit's record as of the chosen month (texts already translated, tables and charts ready)
and applies the rules of ``oversight/``.  ``pages/community.py`` only draws these.  Both
read through their loaders (:mod:`ui.views._loaders`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import altair as alt
import pandas as pd

from data_access import regions
from data_access.catalogue import indicator_items, safety_domains, stage_names
from data_access.grades import unit_item_grades
from data_access.hard_rules import hard_rule_minimums
from data_access.programmes import unit_plan
from data_access.reports import unit_activity_periods, unit_domain_outcomes, unit_months
from data_access.schemes import scheme_grade_values, scheme_parts
from data_access.subsidies import unit_allocations
from data_access.units import community_choices, unit_history, unit_profile
from oversight.access import OutOfScope
from oversight.changes import year_on_year
from oversight.community import (
    diff_revisions,
    judge_months,
    judge_periods,
    reports_owed,
    stage_on,
    title_statuses,
)
from oversight.formatting import format_count, format_date, format_money, format_month, format_percent
from oversight.reporting import owed_span
from ui import filters
from ui.charts.community import (
    VERDICT_COLOURS,
    build_grade_heatmap_chart,
    build_hazard_chart,
    build_minimum_chart,
    build_money_chart,
    build_outcome_chart,
    build_rate_chart,
    build_stage_timeline_chart,
)
from ui.community_tables import (
    REPORT_TABLE_FIELDS,
    activity_frame,
    allocation_table,
    grade_cells,
    hazard_frame,
    latest_grade_counts,
    money_frame,
    outcome_frame,
    outcome_note,
    outcome_table,
    quarters_and_years,
    rate_frame,
    report_schemes,
    reports_table,
    revisions_table,
    shortfall_table,
    stage_timeline,
    style_changes,
    style_title_status,
    titles_table,
    unit_label,
    unit_labels,
)
from ui.filters import Filters
from ui.views._loaders import Loader, loaders

Table = Any
"""A frame or a pandas Styler over one, as ``st.dataframe`` takes it."""

QUARTER_MEASURES = ("education_events", "trainings", "drills")
YEAR_MEASURES = ("inspections", "reviews_held")
UNIT_KINDS = ("street", "township")
SECTIONS = ("activities", "grades", "outcomes", "hazards", "reports")
"""The parts of a unit's record, drawn one at a time (``?section=``), the first unless the
URL names another: activities against the minimums are the verdicts a leader checks first."""


@dataclass(frozen=True)
class Chooser:
    """The units the chooser offers, and what to say about the unit a link names.

    ``outside`` is a unit the link names that is not among the region's (it is offered
    first, with a warning); ``unknown`` the error for a code that names no unit.
    """

    options: list[str]
    labels: dict[str, str]
    outside: str | None
    unknown: str | None
    no_units: str
    hint: str


@dataclass(frozen=True)
class Profile:
    facts: str
    tiles: list[tuple[str, str]]
    stage_since: str | None
    enrolments: list[str]
    not_enrolled: str | None
    titles_header: str
    titles: Table | None
    """None when no title held in the month (``titles_note`` then says so)."""
    titles_note: str


@dataclass(frozen=True)
class Stages:
    header: str
    no_plan: str | None
    """Said instead of the chart when the unit has no plan."""
    caption: str
    never_started: str | None
    chart: alt.TopLevelMixin | None


@dataclass(frozen=True)
class Grades:
    header: str
    empty: str | None
    """Said instead of the caption and chart when no grade was reported."""
    caption: str = ""
    chart: alt.TopLevelMixin | None = None


@dataclass(frozen=True)
class Activities:
    header: str
    caption: str
    quarterly: str
    quarter_chart: alt.TopLevelMixin
    yearly: str
    year_chart: alt.TopLevelMixin
    rates: str
    rate_chart: alt.TopLevelMixin | None
    """None when no rate was reported (``no_rates`` then says so)."""
    no_rates: str
    shortfalls_header: str
    shortfalls: pd.DataFrame
    no_shortfalls: str


@dataclass(frozen=True)
class Outcomes:
    header: str
    empty: str | None
    """Said instead of everything below when no accident or injury was reported."""
    caption: str = ""
    chart: alt.TopLevelMixin | None = None
    table_header: str = ""
    note: str | None = None
    table: Table | None = None
    """None when the month's year has no figures (``no_year`` then says so)."""
    no_year: str = ""


@dataclass(frozen=True)
class Hazards:
    header: str
    caption: str
    chart: alt.TopLevelMixin


@dataclass(frozen=True)
class Money:
    header: str
    caption: str
    chart: alt.TopLevelMixin
    allocations_header: str
    allocations: pd.DataFrame | None
    """None when nothing was allocated (``no_allocations`` then says so)."""
    no_allocations: str


@dataclass(frozen=True)
class Reports:
    header: str
    sent_tab: str
    figures_tab: str
    sent: pd.DataFrame
    figures: pd.DataFrame
    corrections_header: str
    corrections_caption: str
    corrections: pd.DataFrame | None
    """None when no report was corrected (``no_corrections`` then says so)."""
    no_corrections: str


class Record:
    """The parts drawn once the unit has reports within its programme, each gathered when
    first read from the data already fetched: the page draws one part at a time
    (``?section=``), and building every part's charts and tables was half a second of each
    run at province scale."""

    def __init__(self, **parts: Callable[[], Any]) -> None:
        self._parts = parts

    @cached_property
    def grades(self) -> Grades:
        return self._parts["grades"]()

    @cached_property
    def activities(self) -> Activities:
        return self._parts["activities"]()

    @cached_property
    def outcomes(self) -> Outcomes:
        return self._parts["outcomes"]()

    @cached_property
    def hazards(self) -> Hazards:
        return self._parts["hazards"]()

    @cached_property
    def money(self) -> Money:
        return self._parts["money"]()

    @cached_property
    def reports(self) -> Reports:
        return self._parts["reports"]()


@dataclass(frozen=True)
class CommunityView:
    """One unit's page as of the chosen month.

    The page draws the profile and the stages, then ``after_end`` (a month after the
    programme ended); without a ``record`` it says ``halt`` (the month precedes the
    programme, or no report was sent yet), if anything, and stops.
    """

    name: str
    as_of: str
    outside_notice: str | None
    profile: Profile
    stages: Stages
    after_end: str | None
    halt: str | None
    record: Record | None


def chooser_view(chosen: Filters, wanted: str | None, reference: Loader | None = None) -> Chooser:
    """The enrolled units of the sidebar's region, plus ``wanted`` (the unit the link
    names) when it is a unit outside them."""
    _, reference = loaders(reference=reference)
    t, lang = chosen.t, chosen.lang
    choices = reference(community_choices, chosen.region, chosen.programme_id)
    labels = unit_labels(choices, lang)
    options = list(choices["code"])
    outside = unknown = None
    if wanted and wanted not in options:
        found = _readable_profile(reference, wanted)
        if found is None:
            unknown = t("community.unknown_unit", code=filters.echo(wanted))
        else:
            outside = wanted
            options = [wanted, *options]
            labels[wanted] = unit_label(found, lang)
    region = chosen.name(chosen.region)
    return Chooser(
        options,
        labels,
        outside,
        unknown,
        t("community.no_units", region=region),
        t("community.choose_hint", region=region),
    )


def _readable_profile(reference: Loader, code: str) -> pd.Series | None:
    """The unit's profile if the user may read it; None for one that does not exist or
    lies outside the user's view, which the page does not tell apart."""
    try:
        return reference(unit_profile, code)
    except OutOfScope:
        return None


def community_view(
    chosen: Filters,
    code: str,
    outside: bool = False,
    fetch: Loader | None = None,
    reference: Loader | None = None,
) -> CommunityView:
    """Unit ``code``'s page as of the sidebar's month; ``outside`` when the unit is not
    among the sidebar region's enrolled units (the view then says why)."""
    fetch, reference = loaders(fetch, reference)
    t, lang, month, as_of = chosen.t, chosen.lang, chosen.month, chosen.as_of
    profile = reference(unit_profile, code)
    history = fetch(unit_history, code)
    name = _named(profile, "name", lang)
    outside_notice = None
    if outside:
        programme_name = None if chosen.programme is None else str(chosen.programme[f"name_{lang}"])
        unit_ref = reference(regions.find_region, code)
        outside_notice = filters.unit_notice(unit_ref, chosen.region, programme_name, lang)

    plan = reference(unit_plan, code)
    in_programme = chosen.programme is not None and chosen.programme["code"] in set(plan["programme_code"])
    programme_code = chosen.programme["code"] if in_programme else None
    span = owed_span(plan if programme_code is None else plan[plan["programme_code"] == programme_code])
    enrolments = plan.drop_duplicates("programme_code")
    stages = _stages(chosen, plan, history.stage_events, programme_code, name)
    view = dict(
        name=name,
        as_of=t("community.as_of", month=format_month(month, lang)),
        outside_notice=outside_notice,
        profile=_profile(chosen, profile, history, enrolments, span),
        stages=stages,
        after_end=None,
        halt=None,
        record=None,
    )
    if span is None:
        return CommunityView(**view)
    if month < span[0]:
        start = format_month(span[0], lang)
        halt = t("community.before_start", month=format_month(month, lang), unit=name, start=start)
        return CommunityView(**view | {"halt": halt})
    if month > span[1]:
        view["after_end"] = t("community.after_end", end=format_month(span[1], lang))
    reports = history.reports
    reports = reports[[m <= month for m in reports["month"]]] if not reports.empty else reports
    if reports.empty:
        halt = t("community.no_reports", unit=name, month=format_month(month, lang))
        return CommunityView(**view | {"halt": halt})

    schemes = report_schemes(history.reports)  # the key of the unit's grading-scheme lists
    rules = reference(hard_rule_minimums)
    quarters, years = quarters_and_years(fetch(unit_activity_periods, code, month))
    months = fetch(unit_months, code, month)
    stage_labels = _names(reference(stage_names), lang)
    # Every part's data is fetched now (cached, and what the page reads on each run); the
    # charts and tables are built only for the part drawn.
    grades = fetch(unit_item_grades, code, month)
    outcomes = fetch(unit_domain_outcomes, code, month)
    allocations = fetch(unit_allocations, code, as_of)
    record = Record(
        grades=lambda: _grades(chosen, grades, schemes, reference),
        activities=lambda: _activities(chosen, quarters, years, months, rules, span),
        outcomes=lambda: _outcomes(chosen, outcomes),
        hazards=lambda: _hazards(chosen, months, quarters),
        money=lambda: _money(chosen, months, allocations),
        reports=lambda: _reports(chosen, reports, enrolments, history, stage_labels, schemes, reference),
    )
    return CommunityView(**view | {"record": record})


def _named(row, field: str, lang: str) -> str | None:
    """A profile's ``field`` (name or county) in the language, Chinese when it has no English."""
    english = row[f"{field}_en"]
    return english if lang == "en" and isinstance(english, str) else row[f"{field}_zh"]


def _names(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(frame["code"], frame[f"name_{lang}"], strict=True))


def _profile(chosen: Filters, profile, history, enrolments: pd.DataFrame, span) -> Profile:
    t, lang, month, as_of = chosen.t, chosen.lang, chosen.month, chosen.as_of
    stage = stage_on(history.stage_events, as_of)
    # Titles named after the month viewed are left out: the page shows what held then.
    judged_titles = title_statuses(history.titles, as_of)
    judged_titles = judged_titles[judged_titles["status"] != "not_yet"]
    reported, owed = reports_owed(history.reports["month"], *span, month) if span else (0, 0)
    kind = profile["kind"]
    facts = t(
        "community.facts",
        county=_named(profile, "county", lang) or "—",
        kind=t(f"community.kind_{kind}") if kind in UNIT_KINDS else kind,
        pilot=t("community.pilot_yes") if bool(enrolments["is_pilot"].any()) else t("community.pilot_no"),
    )
    tiles = [
        (t("community.stage"), t("community.stage_none") if stage is None else stage[f"name_{lang}"]),
        (t("community.valid_titles"), format_count((judged_titles["status"] == "valid").sum())),
        (t("community.reports_metric"), f"{reported} / {owed}"),
    ]
    enrolled = [
        t(
            "community.enrolment",
            programme=row.programme_en if lang == "en" else row.programme_zh,
            start=format_month(row.start_date, lang),
            end=format_month(row.end_date, lang),
            enrolled=format_date(row.enrolled_on, lang),
            role=t("community.pilot_yes") if row.is_pilot else t("community.pilot_no"),
        )
        for row in enrolments.itertuples()
    ]
    no_titles = judged_titles.empty
    return Profile(
        facts=facts,
        tiles=tiles,
        stage_since=None
        if stage is None
        else t("community.stage_since", day=format_date(stage["entered_on"], lang)),
        enrolments=enrolled,
        not_enrolled=t("community.not_enrolled") if enrolments.empty else None,
        titles_header=t("community.titles"),
        titles=None if no_titles else style_title_status(titles_table(judged_titles, lang), lang),
        titles_note=t("community.no_titles")
        if no_titles
        else t("community.titles_caption", day=format_date(as_of, lang)),
    )


def _stages(chosen: Filters, plan, events, programme_code: str | None, name: str) -> Stages:
    t, lang, month, as_of = chosen.t, chosen.lang, chosen.month, chosen.as_of
    timeline = stage_timeline(plan, events, as_of, lang, programme_code)
    header = t("community.stages_header")
    if timeline.empty:
        return Stages(header, t("community.no_plan"), "", None, None)
    lanes = {
        "plan": t("community.lane_plan"),
        "actual": t("community.lane_actual"),
        "from": t("community.from"),
        "to": t("community.to"),
    }
    never = (timeline["lane"] == "actual").sum() == 0
    return Stages(
        header,
        None,
        t("community.stages_caption", month=format_month(month, lang)),
        t("community.never_started", unit=name, month=format_month(month, lang)) if never else None,
        build_stage_timeline_chart(timeline, as_of, lanes, lang),
    )


def _grades(chosen: Filters, grades: pd.DataFrame, schemes: tuple[int, ...], reference: Loader) -> Grades:
    t, lang = chosen.t, chosen.lang
    header = t("community.grades_header")
    if grades.empty:
        return Grades(header, t("community.no_grades"))
    latest, counts = latest_grade_counts(grades)
    scheme_grades = list(dict.fromkeys(reference(scheme_grade_values, schemes)["code"]))
    caption = t(
        "community.grades_caption",
        month=format_month(latest, lang),
        counts="，".join(f"{g} {counts.get(g, 0)}" for g in scheme_grades)
        if lang == "zh"
        else ", ".join(f"{g}: {counts.get(g, 0)}" for g in scheme_grades),
    )
    cells = grade_cells(grades, reference(indicator_items), reference(scheme_parts, schemes), lang)
    titles = {"item": t("community.item"), "month": t("community.month"), "grade": t("community.grade")}
    return Grades(header, None, caption, build_grade_heatmap_chart(cells, scheme_grades, titles, lang))


def _activities(chosen: Filters, quarters, years, months, rules, span) -> Activities:
    t, lang, month = chosen.t, chosen.lang, chosen.month
    verdict_labels = {v: t(f"community.verdict_{v}") for v in VERDICT_COLOURS}
    titles = {
        key: t(f"community.{key}")
        for key in ("period", "value", "minimum", "verdict", "months", "month", "rate")
    }
    start, owed_to = span
    judged_quarters = judge_periods(quarters, rules, "quarter", QUARTER_MEASURES, start, owed_to, month)
    judged_years = judge_periods(years, rules, "year", YEAR_MEASURES, start, owed_to, month)
    rates = rate_frame(judge_months(months, rules), lang)
    shortfalls = shortfall_table(pd.concat([judged_quarters, judged_years], ignore_index=True), lang)
    return Activities(
        header=t("community.activities_header"),
        caption=t("community.activities_caption"),
        quarterly=t("community.quarterly"),
        quarter_chart=build_minimum_chart(
            activity_frame(judged_quarters, rules, lang), verdict_labels, titles
        ),
        yearly=t("community.yearly"),
        year_chart=build_minimum_chart(activity_frame(judged_years, rules, lang), verdict_labels, titles),
        rates=t("community.rates"),
        rate_chart=None if rates.empty else build_rate_chart(rates, verdict_labels, titles, lang),
        no_rates=t("community.no_rates"),
        shortfalls_header=t("community.shortfalls", count=len(shortfalls)),
        shortfalls=shortfalls,
        no_shortfalls=t("community.no_shortfalls"),
    )


def _outcomes(chosen: Filters, outcomes: pd.DataFrame) -> Outcomes:
    t, lang, month = chosen.t, chosen.lang, chosen.month
    header = t("community.outcomes_header")
    if outcomes.empty:
        return Outcomes(header, t("community.no_outcomes"))
    changes = year_on_year(
        outcomes, ["accidents", "injuries"], keys=["domain_code"], months="months_reported"
    )
    titles = {"year": t("community.year"), "count": t("community.count"), "domain": t("community.domain")}
    table = outcome_table(changes, month.year, lang)
    return Outcomes(
        header,
        None,
        caption=t(
            "community.outcomes_caption",
            months=t("community.months_to", month=month.month if lang == "zh" else f"{month:%B}"),
            year=month.year,
        ),
        chart=build_outcome_chart(outcome_frame(outcomes, lang), titles),
        table_header=t("community.yoy_header", year=month.year),
        note=outcome_note(changes, month.year, lang) or None,
        table=None if table.empty else style_changes(table, lang),
        no_year=t("community.no_outcomes_year", year=month.year),
    )


def _hazards(chosen: Filters, months: pd.DataFrame, quarters: pd.DataFrame) -> Hazards:
    t, lang = chosen.t, chosen.lang
    found, fixed = int(months["hazards_found"].sum()), int(months["hazards_rectified"].sum())
    caption = t(
        "community.hazard_totals",
        found=format_count(found),
        rectified=format_count(fixed),
        share=format_percent(100 * fixed / found if found else None),
    )
    titles = {"count": t("community.count"), "period": t("community.period")}
    return Hazards(
        t("community.hazards_header"), caption, build_hazard_chart(hazard_frame(quarters, lang), titles)
    )


def _money(chosen: Filters, months: pd.DataFrame, allocations: pd.DataFrame) -> Money:
    t, lang = chosen.t, chosen.lang
    received, spent = float(months["subsidy_received"].sum()), float(months["funds_spent"].sum())
    caption = t(
        "community.money_totals", received=format_money(received, lang), spent=format_money(spent, lang)
    )
    titles = {"amount": t("community.amount"), "month": t("community.month")}
    return Money(
        header=t("community.money_header"),
        caption=caption,
        chart=build_money_chart(money_frame(months, lang), titles, lang),
        allocations_header=t("community.allocations"),
        allocations=None if allocations.empty else allocation_table(allocations, lang),
        no_allocations=t("community.no_allocations"),
    )


def _reports(
    chosen: Filters, reports, enrolments, history, stage_labels, schemes, reference: Loader
) -> Reports:
    t, lang = chosen.t, chosen.lang
    # Two tabs of the same months, when and by whom sent and what was reported: the fourteen
    # columns in one table needed sideways scrolling at 1366 px.
    table = reports_table(reports, enrolments, lang, stage_labels)
    figures = [t(f"community.field_{field}") for field in REPORT_TABLE_FIELDS]
    changes = diff_revisions(reports, history.corrected_grades, history.corrected_domains)
    corrections = None
    if not changes.empty:
        domain_names = _names(reference(safety_domains), lang)
        part_names = _names(reference(scheme_parts, schemes), lang)
        corrections = revisions_table(changes, lang, stage_labels, domain_names, part_names)
    return Reports(
        header=t("community.reports_header"),
        sent_tab=t("community.reports_sent"),
        figures_tab=t("community.reports_figures"),
        sent=table.drop(columns=figures),
        figures=table[[table.columns[0], *figures]],
        corrections_header=t("community.corrections_header"),
        corrections_caption=t("community.corrections_caption"),
        corrections=corrections,
        no_corrections=t("community.no_corrections"),
    )
