"""社区详情 Community drill-down: one street's or township's record as of the chosen month —
profile and titles, stages against the plan, grades, activities against the minimums,
accidents and injuries, hazards, money, and its monthly reports with every correction.

Reached by URL (``?unit=CODE`` plus the sidebar's parameters) or through the chooser.
"""

import pandas as pd
import streamlit as st

from data_access import regions
from data_access.catalogue import indicator_items, safety_domains, stage_names
from data_access.grades import unit_item_grades
from data_access.hard_rules import hard_rule_minimums
from data_access.programmes import unit_plan
from data_access.reports import unit_activity_periods, unit_domain_outcomes, unit_months
from data_access.schemes import scheme_grade_values, scheme_parts
from data_access.subsidies import unit_allocations
from data_access.units import community_choices, unit_history, unit_profile
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
from ui import data, filters, frame
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
from ui.charts.draw import draw_chart, draw_table
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

CHOOSER = "community-unit"
SYNCED = "community-unit-in-url"  # the ?unit= this page last saw or wrote
QUARTER_MEASURES = ("education_events", "trainings", "drills")
YEAR_MEASURES = ("inspections", "reviews_held")
UNIT_KINDS = ("street", "township")

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
            st.page_link(page, label=t(label), icon=":material/arrow_back:", query_params=link)


def _choose_unit(options: list[str], labels: dict[str, str]) -> str | None:
    """A selectbox of units kept in ``?unit=``; a new link's unit wins over the last choice."""
    wanted = st.query_params.get("unit")
    if CHOOSER not in st.session_state or wanted != st.session_state.get(SYNCED):
        st.session_state[CHOOSER] = wanted if wanted in options else None
    else:
        # Assigned even when unchanged (see ui.filters.url_choice).
        current = st.session_state[CHOOSER]
        st.session_state[CHOOSER] = current if current in options else None
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

choices = data.reference(community_choices, chosen.region, chosen.programme_id)
labels = unit_labels(choices, lang)
options = list(choices["code"])
wanted = st.query_params.get("unit")
outside = None  # a unit the link names that lies outside the sidebar's region
if wanted and wanted not in options:
    found = data.reference(unit_profile, wanted)
    if found is None:
        st.error(t("community.unknown_unit", code=filters.echo(wanted)))
    else:
        outside = wanted
        options = [wanted, *options]
        labels[wanted] = unit_label(found, lang)

with st.container(key="community-chooser"):
    if not options:
        st.info(t("community.no_units", region=chosen.name(chosen.region)))
        st.stop()
    code = _choose_unit(options, labels)
if code is None:
    st.info(t("community.choose_hint", region=chosen.name(chosen.region)))
    st.stop()

profile = data.reference(unit_profile, code)
history = data.fetch(unit_history, code)
schemes = report_schemes(history.reports)  # the key of the unit's grading-scheme lists
name = profile["name_en"] if lang == "en" and isinstance(profile["name_en"], str) else profile["name_zh"]
county = (
    profile["county_en"] if lang == "en" and isinstance(profile["county_en"], str) else profile["county_zh"]
)
if code == outside:
    programme_name = None if chosen.programme is None else str(chosen.programme[f"name_{lang}"])
    unit_ref = data.reference(regions.find_region, code)
    st.warning(filters.unit_notice(unit_ref, chosen.region, programme_name, lang))

plan = data.reference(unit_plan, code)
in_programme = chosen.programme is not None and chosen.programme["code"] in set(plan["programme_code"])
programme_code = chosen.programme["code"] if in_programme else None
span = owed_span(plan if programme_code is None else plan[plan["programme_code"] == programme_code])
month, as_of = chosen.month, chosen.as_of

# --- profile ----------------------------------------------------------------------------
st.header(name)
st.caption(t("community.as_of", month=format_month(month, lang)))
events = history.stage_events
stage = stage_on(events, as_of)
enrolments = plan.drop_duplicates("programme_code")
# Titles named after the month viewed are left out: the page shows what held then.
judged_titles = title_statuses(history.titles, as_of)
judged_titles = judged_titles[judged_titles["status"] != "not_yet"]
reported, owed = reports_owed(history.reports["month"], *span, month) if span else (0, 0)
with st.container(key="community-profile", border=True):
    st.markdown(
        t(
            "community.facts",
            county=county or "—",
            kind=t(f"community.kind_{profile['kind']}") if profile["kind"] in UNIT_KINDS else profile["kind"],
            pilot=t("community.pilot_yes") if bool(enrolments["is_pilot"].any()) else t("community.pilot_no"),
        )
    )
    # Tiles as wide as their text (stage names run long in English), wrapping when narrow.
    with st.container(horizontal=True, gap="large"):
        st.metric(
            t("community.stage"),
            t("community.stage_none") if stage is None else stage[f"name_{lang}"],
            width="content",
        )
        st.metric(
            t("community.valid_titles"),
            format_count((judged_titles["status"] == "valid").sum()),
            width="content",
        )
        st.metric(t("community.reports_metric"), f"{reported} / {owed}", width="content")
    if stage is not None:
        st.caption(t("community.stage_since", day=format_date(stage["entered_on"], lang)))
    for row in enrolments.itertuples():
        st.markdown(
            t(
                "community.enrolment",
                programme=row.programme_en if lang == "en" else row.programme_zh,
                start=format_month(row.start_date, lang),
                end=format_month(row.end_date, lang),
                enrolled=format_date(row.enrolled_on, lang),
                role=t("community.pilot_yes") if row.is_pilot else t("community.pilot_no"),
            )
        )
    if enrolments.empty:
        st.info(t("community.not_enrolled"))
    st.subheader(t("community.titles"))
    if judged_titles.empty:
        st.caption(t("community.no_titles"))
    else:
        draw_table(
            style_title_status(titles_table(judged_titles, lang), lang),
            hide_index=True,
            height="content",
            key="community-titles",
        )
        st.caption(t("community.titles_caption", day=format_date(as_of, lang)))

# --- stages against the plan --------------------------------------------------------------
with st.container(key="community-stages"):
    st.subheader(t("community.stages_header"))
    timeline = stage_timeline(plan, events, as_of, lang, programme_code)
    if timeline.empty:
        st.info(t("community.no_plan"))
    else:
        st.caption(t("community.stages_caption", month=format_month(month, lang)))
        if (timeline["lane"] == "actual").sum() == 0:
            st.info(t("community.never_started", unit=name, month=format_month(month, lang)))
        draw_chart(
            build_stage_timeline_chart(
                timeline,
                as_of,
                {
                    "plan": t("community.lane_plan"),
                    "actual": t("community.lane_actual"),
                    "from": t("community.from"),
                    "to": t("community.to"),
                },
                lang,
            ),
            theme=None,
            key="community-stage-chart",
        )

if span is None:
    st.stop()
if month < span[0]:
    st.info(
        t(
            "community.before_start",
            month=format_month(month, lang),
            unit=name,
            start=format_month(span[0], lang),
        )
    )
    st.stop()
if month > span[1]:
    st.caption(t("community.after_end", end=format_month(span[1], lang)))

reports = history.reports
reports = reports[[m <= month for m in reports["month"]]] if not reports.empty else reports
if reports.empty:
    st.info(t("community.no_reports", unit=name, month=format_month(month, lang)))
    st.stop()

# --- grades -------------------------------------------------------------------------------
with st.container(key="community-grades"):
    st.subheader(t("community.grades_header"))
    grades = data.fetch(unit_item_grades, code, month)
    if grades.empty:
        st.info(t("community.no_grades"))
    else:
        latest, counts = latest_grade_counts(grades)
        values = data.reference(scheme_grade_values, schemes)
        scheme_grades = list(dict.fromkeys(values["code"]))
        st.caption(
            t(
                "community.grades_caption",
                month=format_month(latest, lang),
                counts="，".join(f"{g} {counts.get(g, 0)}" for g in scheme_grades)
                if lang == "zh"
                else ", ".join(f"{g}: {counts.get(g, 0)}" for g in scheme_grades),
            )
        )
        cells = grade_cells(
            grades,
            data.reference(indicator_items),
            data.reference(scheme_parts, schemes),
            lang,
        )
        draw_chart(
            build_grade_heatmap_chart(
                cells,
                scheme_grades,
                {"item": t("community.item"), "month": t("community.month"), "grade": t("community.grade")},
                lang,
            ),
            theme=None,
            width="stretch",
            key="community-grade-chart",
        )

# --- activities against the minimums ------------------------------------------------------
rules = data.reference(hard_rule_minimums)
verdict_labels = {v: t(f"community.verdict_{v}") for v in VERDICT_COLOURS}
chart_titles = {
    "period": t("community.period"),
    "value": t("community.value"),
    "minimum": t("community.minimum"),
    "verdict": t("community.verdict"),
    "months": t("community.months"),
    "month": t("community.month"),
    "rate": t("community.rate"),
}
quarters, years = quarters_and_years(data.fetch(unit_activity_periods, code, month))
owed_to = span[1]
with st.container(key="community-activities"):
    st.subheader(t("community.activities_header"))
    st.caption(t("community.activities_caption"))
    judged_quarters = judge_periods(quarters, rules, "quarter", QUARTER_MEASURES, span[0], owed_to, month)
    judged_years = judge_periods(years, rules, "year", YEAR_MEASURES, span[0], owed_to, month)
    st.markdown(f"**{t('community.quarterly')}**")
    draw_chart(
        build_minimum_chart(activity_frame(judged_quarters, rules, lang), verdict_labels, chart_titles),
        theme=None,
        key="community-quarter-chart",
    )
    st.markdown(f"**{t('community.yearly')}**")
    draw_chart(
        build_minimum_chart(activity_frame(judged_years, rules, lang), verdict_labels, chart_titles),
        theme=None,
        key="community-year-chart",
    )
    months = data.fetch(unit_months, code, month)
    rates = rate_frame(judge_months(months, rules), lang)
    st.markdown(f"**{t('community.rates')}**")
    if rates.empty:
        st.caption(t("community.no_rates"))
    else:
        draw_chart(
            build_rate_chart(rates, verdict_labels, chart_titles, lang),
            theme=None,
            key="community-rate-chart",
        )
    shortfalls = shortfall_table(pd.concat([judged_quarters, judged_years], ignore_index=True), lang)
    if shortfalls.empty:
        st.success(t("community.no_shortfalls"))
    else:
        st.markdown(f"**{t('community.shortfalls', count=len(shortfalls))}**")
        draw_table(shortfalls, hide_index=True, height="content", key="community-shortfalls")

# --- accidents and injuries ---------------------------------------------------------------
with st.container(key="community-outcomes"):
    st.subheader(t("community.outcomes_header"))
    outcomes = data.fetch(unit_domain_outcomes, code, month)
    if outcomes.empty:
        st.info(t("community.no_outcomes"))
    else:
        st.caption(
            t(
                "community.outcomes_caption",
                months=t("community.months_to", month=month.month if lang == "zh" else f"{month:%B}"),
                year=month.year,
            )
        )
        changes = year_on_year(
            outcomes, ["accidents", "injuries"], keys=["domain_code"], months="months_reported"
        )
        draw_chart(
            build_outcome_chart(
                outcome_frame(outcomes, lang),
                {"year": t("community.year"), "count": t("community.count"), "domain": t("community.domain")},
            ),
            theme=None,
            key="community-outcome-chart",
        )
        table = outcome_table(changes, month.year, lang)
        if table.empty:
            st.caption(t("community.no_outcomes_year", year=month.year))
        else:
            st.markdown(f"**{t('community.yoy_header', year=month.year)}**")
            note = outcome_note(changes, month.year, lang)
            if note:
                st.caption(note)
            draw_table(
                style_changes(table, lang),
                hide_index=True,
                height="content",
                key="community-outcome-table",
            )

# --- hazards and money --------------------------------------------------------------------
left, right = st.columns(2)
with left, st.container(key="community-hazards"):
    st.subheader(t("community.hazards_header"))
    found, fixed = int(months["hazards_found"].sum()), int(months["hazards_rectified"].sum())
    st.caption(
        t(
            "community.hazard_totals",
            found=format_count(found),
            rectified=format_count(fixed),
            share=format_percent(100 * fixed / found if found else None),
        )
    )
    draw_chart(
        build_hazard_chart(
            hazard_frame(quarters, lang), {"count": t("community.count"), "period": t("community.period")}
        ),
        theme=None,
        width="stretch",
        key="community-hazard-chart",
    )
with right, st.container(key="community-money"):
    st.subheader(t("community.money_header"))
    received, spent = float(months["subsidy_received"].sum()), float(months["funds_spent"].sum())
    st.caption(
        t(
            "community.money_totals",
            received=format_money(received, lang),
            spent=format_money(spent, lang),
        )
    )
    draw_chart(
        build_money_chart(
            money_frame(months, lang), {"amount": t("community.amount"), "month": t("community.month")}, lang
        ),
        theme=None,
        width="stretch",
        key="community-money-chart",
    )
    allocations = data.fetch(unit_allocations, code, as_of)
    if allocations.empty:
        st.caption(t("community.no_allocations"))
    else:
        st.markdown(f"**{t('community.allocations')}**")
        draw_table(
            allocation_table(allocations, lang),
            hide_index=True,
            height="content",
            key="community-allocations",
        )

# --- monthly reports and corrections ------------------------------------------------------
stages = data.reference(stage_names)
stage_labels = dict(zip(stages["code"], stages[f"name_{lang}"], strict=True))
with st.container(key="community-reports"):
    st.subheader(t("community.reports_header"))
    # Two tabs of the same months, when and by whom sent and what was reported: the fourteen
    # columns in one table needed sideways scrolling at 1366 px.
    table = reports_table(reports, enrolments, lang, stage_labels)
    figures = [t(f"community.field_{field}") for field in REPORT_TABLE_FIELDS]
    with st.container(key="community-report-log"):
        sent_tab, figures_tab = st.tabs([t("community.reports_sent"), t("community.reports_figures")])
    sent_tab.dataframe(
        table.drop(columns=figures), hide_index=True, key="community-report-table", width="content"
    )
    figures_tab.dataframe(
        table[[table.columns[0], *figures]], hide_index=True, key="community-report-figures", width="content"
    )
    st.markdown(f"**{t('community.corrections_header')}**")
    changes = diff_revisions(reports, history.corrected_grades, history.corrected_domains)
    if changes.empty:
        st.caption(t("community.no_corrections"))
    else:
        st.caption(t("community.corrections_caption"))
        domains = data.reference(safety_domains)
        domain_names = dict(zip(domains["code"], domains[f"name_{lang}"], strict=True))
        parts = data.reference(scheme_parts, schemes)
        part_names = dict(zip(parts["code"], parts[f"name_{lang}"], strict=True))
        draw_table(
            revisions_table(changes, lang, stage_labels, domain_names, part_names),
            hide_index=True,
            height="content",
            key="community-corrections",
        )
