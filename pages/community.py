"""社区详情 Community drill-down: one street's or township's record as of the chosen month —
profile and titles, stages against the plan, grades, activities against the minimums,
accidents and injuries, hazards, money, and its monthly reports with every correction.

Reached by URL (``?unit=CODE`` plus the sidebar's parameters) or through the chooser.
Below the profile and the stages the record is drawn one part at a time, chosen above it
and kept in ``?section=`` (activities against the minimums unless the URL names another).
What it shows is gathered by :mod:`ui.views.community`; this script only draws it.
"""

import streamlit as st

from ui import filters, frame
from ui.charts.draw import draw_chart, draw_table
from ui.views.community import (
    SECTIONS,
    Activities,
    Grades,
    Hazards,
    Money,
    Outcomes,
    Reports,
    chooser_view,
    community_view,
)

CHOOSER = "community-unit"
SYNCED = "community-unit-in-url"  # the ?unit= this page last saw or wrote
SECTION = "community-section"
SECTION_SYNCED = "community-section-in-url"  # the ?section= this page last saw or wrote

chosen = frame.current()
t, lang = chosen.t, chosen.lang


def _back_links() -> None:
    """Links back to the pages that lead here, keeping the sidebar's choices.

    The heatmap's link keeps the whole query string, with the heatmap's view (which the
    heatmap hands over) and ``unit``: Streamlit, on a page link that changes the query
    string, first pushes this page's URL with the new query into the history, so the
    browser's Back would land on this page without ``?unit=``.
    """
    params = st.query_params.to_dict()
    keep = filters.sidebar_params(params)
    with st.container(key="community-back", horizontal=True):
        for page, label, link in (
            ("pages/overview.py", "community.back_overview", keep),
            ("pages/heatmap.py", "community.back_heatmap", params),
        ):
            if frame.offers(page):
                st.page_link(page, label=t(label), icon=":material/arrow_back:", query_params=link)


def _choose_unit(options: list[str], labels: dict[str, str]) -> str | None:
    """A selectbox of units kept in ``?unit=``; a new link's unit wins over the last choice;
    the only unit of the list is chosen from the start."""
    wanted = st.query_params.get("unit")
    only = options[0] if len(options) == 1 else None  # a clerk's own unit: shown at once
    if CHOOSER not in st.session_state or wanted != st.session_state.get(SYNCED):
        st.session_state[CHOOSER] = wanted if wanted in options else only
    else:
        # Assigned even when unchanged (see ui.filters.url_choice).
        current = st.session_state[CHOOSER]
        st.session_state[CHOOSER] = current if current in options else only
    st.session_state[SYNCED] = wanted
    value = st.selectbox(
        t("community.choose_label"),
        options,
        index=None,
        key=CHOOSER,
        format_func=lambda code: labels.get(code, code),
        placeholder=t("community.choose_placeholder"),
    )
    if value is not None and value != wanted:
        st.query_params["unit"] = value
        st.session_state[SYNCED] = value
    return value


_back_links()
st.title(t("community.title"))

chooser = chooser_view(chosen, st.query_params.get("unit"))
if chooser.unknown:
    st.error(chooser.unknown)
with st.container(key="community-chooser"):
    if not chooser.options:
        st.info(chooser.no_units)
        st.stop()
    code = _choose_unit(chooser.options, chooser.labels)
if code is None:
    st.info(chooser.hint)
    st.stop()

view = community_view(chosen, code, outside=code == chooser.outside)
if view.outside_notice:
    st.warning(view.outside_notice)

# --- profile ----------------------------------------------------------------------------
profile = view.profile
st.header(view.name)
st.caption(view.as_of)
with st.container(key="community-profile", border=True):
    st.markdown(profile.facts)
    # Tiles as wide as their text (stage names run long in English), wrapping when narrow.
    with st.container(horizontal=True, gap="large"):
        for label, value in profile.tiles:
            st.metric(label, value, width="content")
    if profile.stage_since:
        st.caption(profile.stage_since)
    for enrolment in profile.enrolments:
        st.markdown(enrolment)
    if profile.not_enrolled:
        st.info(profile.not_enrolled)
    st.subheader(profile.titles_header)
    if profile.titles is None:
        st.caption(profile.titles_note)
    else:
        draw_table(profile.titles, hide_index=True, height="content", key="community-titles")
        st.caption(profile.titles_note)

# --- stages against the plan --------------------------------------------------------------
stages = view.stages
with st.container(key="community-stages"):
    st.subheader(stages.header)
    if stages.no_plan:
        st.info(stages.no_plan)
    else:
        st.caption(stages.caption)
        if stages.never_started:
            st.info(stages.never_started)
        draw_chart(stages.chart, theme=None, key="community-stage-chart")

if view.after_end:
    st.caption(view.after_end)
if view.record is None:
    if view.halt:
        st.info(view.halt)
    st.stop()
record = view.record


def _draw_grades(grades: Grades) -> None:
    with st.container(key="community-grades"):
        st.subheader(grades.header)
        if grades.empty:
            st.info(grades.empty)
        else:
            st.caption(grades.caption)
            draw_chart(grades.chart, theme=None, width="stretch", key="community-grade-chart")


def _draw_activities(activities: Activities) -> None:
    with st.container(key="community-activities"):
        st.subheader(activities.header)
        st.caption(activities.caption)
        st.markdown(f"**{activities.quarterly}**")
        draw_chart(activities.quarter_chart, theme=None, key="community-quarter-chart")
        st.markdown(f"**{activities.yearly}**")
        draw_chart(activities.year_chart, theme=None, key="community-year-chart")
        st.markdown(f"**{activities.rates}**")
        if activities.rate_chart is None:
            st.caption(activities.no_rates)
        else:
            draw_chart(activities.rate_chart, theme=None, key="community-rate-chart")
        if activities.shortfalls.empty:
            st.success(activities.no_shortfalls)
        else:
            st.markdown(f"**{activities.shortfalls_header}**")
            draw_table(activities.shortfalls, hide_index=True, height="content", key="community-shortfalls")


def _draw_outcomes(outcomes: Outcomes) -> None:
    with st.container(key="community-outcomes"):
        st.subheader(outcomes.header)
        if outcomes.empty:
            st.info(outcomes.empty)
            return
        st.caption(outcomes.caption)
        draw_chart(outcomes.chart, theme=None, key="community-outcome-chart")
        if outcomes.table is None:
            st.caption(outcomes.no_year)
        else:
            st.markdown(f"**{outcomes.table_header}**")
            if outcomes.note:
                st.caption(outcomes.note)
            draw_table(outcomes.table, hide_index=True, height="content", key="community-outcome-table")


def _draw_hazards_and_money(hazards: Hazards, money: Money) -> None:
    left, right = st.columns(2)
    with left, st.container(key="community-hazards"):
        st.subheader(hazards.header)
        st.caption(hazards.caption)
        draw_chart(hazards.chart, theme=None, width="stretch", key="community-hazard-chart")
    with right, st.container(key="community-money"):
        st.subheader(money.header)
        st.caption(money.caption)
        draw_chart(money.chart, theme=None, width="stretch", key="community-money-chart")
        if money.allocations is None:
            st.caption(money.no_allocations)
        else:
            st.markdown(f"**{money.allocations_header}**")
            draw_table(money.allocations, hide_index=True, height="content", key="community-allocations")


def _draw_reports(reports: Reports) -> None:
    with st.container(key="community-reports"):
        st.subheader(reports.header)
        with st.container(key="community-report-log"):
            sent_tab, figures_tab = st.tabs([reports.sent_tab, reports.figures_tab])
        sent_tab.dataframe(reports.sent, hide_index=True, key="community-report-table", width="content")
        figures_tab.dataframe(
            reports.figures, hide_index=True, key="community-report-figures", width="content"
        )
        st.markdown(f"**{reports.corrections_header}**")
        if reports.corrections is None:
            st.caption(reports.no_corrections)
        else:
            st.caption(reports.corrections_caption)
            draw_table(reports.corrections, hide_index=True, height="content", key="community-corrections")


def _choose_section() -> str:
    """The part of the record shown, a segmented control kept in ``?section=`` (the first
    part, activities against the minimums, when the URL names none); a new link's part wins
    over the last choice, as with the unit."""
    wanted = st.query_params.get("section")
    if wanted is not None and wanted not in SECTIONS:
        st.warning(
            t(
                "community.unknown_section",
                value=filters.echo(wanted),
                shown=t("community.section_activities"),
            )
        )
        wanted = SECTIONS[0]
    wanted = wanted or SECTIONS[0]
    if SECTION not in st.session_state or wanted != st.session_state.get(SECTION_SYNCED):
        st.session_state[SECTION] = wanted
    else:
        st.session_state[SECTION] = st.session_state[SECTION] or wanted
    st.session_state[SECTION_SYNCED] = wanted
    with st.container(key="community-sections"):
        st.caption(t("community.sections_hint"))
        value = st.segmented_control(
            t("community.sections_label"),
            SECTIONS,
            key=SECTION,
            required=True,
            format_func=lambda code: t(f"community.section_{code}"),
            label_visibility="collapsed",
        )
    value = value if value in SECTIONS else SECTIONS[0]
    if value == SECTIONS[0]:
        st.query_params.pop("section", None)
    else:
        st.query_params["section"] = value
    st.session_state[SECTION_SYNCED] = value
    return value


# The record one part at a time: all of it at once was thousands of chart nodes the browser
# laid out after the script had stopped (at province scale 1.8 times a bare page's time).
section = _choose_section()
if section == "activities":
    _draw_activities(record.activities)
elif section == "grades":
    _draw_grades(record.grades)
elif section == "outcomes":
    _draw_outcomes(record.outcomes)
elif section == "hazards":
    _draw_hazards_and_money(record.hazards, record.money)
else:
    _draw_reports(record.reports)
