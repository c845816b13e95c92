"""区县进度 District: one county-level unit as of the chosen month — its targets and gaps,
its units by stage, each unit's stages against the programme's planned stages with the
overdue ones flagged, and the subsidy allocated, disbursed and spent per unit."""

import streamlit as st

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
from ui import data, frame
from ui.charts import stage_scale
from ui.charts.district import build_pipeline_chart, build_subsidy_chart, build_timeline_chart
from ui.charts.draw import draw_chart, draw_table
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
from ui.tables import style_status

# The narrowest the timeline is drawn on a desktop; window labels are fitted to it.
TIMELINE_WIDTH_PX = 900

chosen = frame.current()
t = chosen.t
lang, city, county, as_of = chosen.lang, chosen.city, chosen.county, chosen.as_of
as_of_text = format_month(chosen.month, lang)


def choose_county(code: str) -> None:
    """Set the sidebar's county filter (it writes ``?county=`` to the URL on the rerun)."""
    st.session_state["county"] = code


if county is None:
    st.title(t("district.choose_header", city=chosen.name(city)))
    st.caption(t("district.caption", city=chosen.name(city), as_of=as_of_text))
    counties = data.reference(county_units, city)
    if counties.empty:
        st.info(t("district.no_counties", city=chosen.name(city)))
        st.stop()
    enrolled = (
        data.fetch(stage_counts, city, (as_of,), chosen.programme_id).groupby("county_code")["units"].sum()
    )
    with st.container(key="district-chooser"):
        st.markdown(t("district.choose"))
        # Buttons as wide as their names, wrapping: fixed columns cut long county names.
        with st.container(horizontal=True, gap="small"):
            for code, label in county_choices(counties, enrolled, lang):
                st.button(
                    label,
                    key=f"district-choose-{code}",
                    on_click=choose_county,
                    args=(code,),
                    width="content",
                )
    st.stop()

county_name = chosen.name(county)
st.title(t("district.header", county=county_name))
st.caption(t("district.caption", city=chosen.name(city), as_of=as_of_text))

stages = data.reference(stage_names)
seqs = dict(zip(stages["code"], stages["seq"], strict=True))
scale = stage_scale(stages, lang)
enrolments = data.reference(unit_enrolments, county, chosen.programme_id)
taking_part = enrolments.dropna(subset=["programme_id"])
outside = enrolments[~enrolments["unit_id"].isin(taking_part["unit_id"])]
scope = t("district.scope_programme" if chosen.programme is not None else "district.scope_any")
counts = data.fetch(stage_counts, county, (as_of,), chosen.programme_id)
pipeline = pipeline_frame(counts, stages, lang)
subsidies = data.fetch(unit_subsidies, county, as_of, chosen.programme_id)

programmes = data.reference(programmes_within, county)
programmes = programmes[programmes["id"].isin(taking_part["programme_id"].astype(int))]
planned = data.reference(planned_stages, county, chosen.programme_id)
events = data.fetch(stage_events, county, as_of, chosen.programme_id)
enrolled_units = taking_part.astype({"programme_id": int})
judged = judge_schedule(planned, enrolled_units, events, seqs, as_of)
overdue = overdue_units(judged, seqs)

# --- headline figures ---------------------------------------------------------------
# Tiles as wide as their text, wrapping on a narrow screen: fixed columns cut them at 1024 px.
with st.container(key="district-summary", horizontal=True, gap="large"):
    st.metric(
        t("district.metric_enrolled"),
        f"{taking_part['unit_id'].nunique()} / {enrolments['unit_id'].nunique()}",
        width="content",
    )
    st.metric(
        t("district.metric_named"),
        format_count(pipeline.loc[pipeline["stage_code"] == "named", "reached"].sum()),
        width="content",
    )
    st.metric(t("district.metric_overdue"), format_count(overdue["unit_id"].nunique()), width="content")
    st.metric(
        t("district.metric_disbursed", allocated=format_money(subsidies["allocated"].sum(), lang)),
        format_money(subsidies["disbursed"].sum(), lang),
        width="content",
    )
if not outside.empty:
    names = unit_names(outside, lang)
    st.caption(
        t(
            "district.not_enrolled",
            units=len(names),
            scope=scope,
            names="、".join(names.values()) if lang == "zh" else ", ".join(names.values()),
        )
    )

# --- targets and gaps ---------------------------------------------------------------
st.subheader(t("district.targets"))
st.caption(t("district.targets_caption"))
assessed = assess_targets(data.fetch(target_progress, as_of, county))
if chosen.programme is not None:
    assessed = assessed[assessed["programme_code"] == chosen.programme["code"]]
if assessed.empty:
    st.info(t("district.no_targets", county=county_name))
else:
    forecast = forecast_targets(assessed, data.fetch(target_history, as_of, county), as_of)
    draw_table(
        style_status(target_rows(forecast, lang), lang),
        hide_index=True,
        height="content",
        key="district-targets",
    )

# --- units by stage -----------------------------------------------------------------
st.subheader(t("district.pipeline"))
if taking_part.empty:
    st.info(t("district.no_units", county=county_name, scope=scope))
else:
    with st.container(key="district-pipeline"):
        texts = {
            "units": t("district.units_axis"),
            "stage": t("district.col_stage"),
            "now": t("district.col_now"),
            "reached": t("district.col_reached"),
        }
        draw_chart(build_pipeline_chart(pipeline, scale, texts), theme=None, width="stretch")
        st.caption(t("district.pipeline_caption"))
        later = taking_part[taking_part["enrolled_on"] > as_of]
        if not later.empty:
            st.caption(
                t(
                    "district.later_enrolment",
                    units=later["unit_id"].nunique(),
                    date=format_date(min(later["enrolled_on"]), lang),
                )
            )

# --- each unit's stages against the plan, per programme -----------------------------
timeline_texts = {
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
for programme in programmes.itertuples():
    name = getattr(programme, f"name_{lang}")
    with st.container(border=True, key=f"district-timeline-{programme.code}"):
        st.subheader(t("district.timeline", programme=name))
        if as_of < programme.start_date:
            st.info(t("district.before_start", programme=name, start=format_date(programme.start_date, lang)))
        elif as_of > programme.end_date:
            st.caption(t("district.after_end", programme=name, end=format_date(programme.end_date, lang)))
        own_units = enrolled_units[enrolled_units["programme_id"] == programme.id]
        own_events = events[events["programme_id"] == programme.id]
        own_plan = planned[planned["programme_id"] == programme.id]
        own_overdue = overdue[overdue["programme_id"] == programme.id]
        spans = stage_spans(own_units, own_events, stages, as_of, lang)
        domain = timeline_domain(programme.start_date, programme.end_date, spans, as_of)
        milestones = {
            int(s): milestone_for(n) for s, n in zip(own_plan["seq"], own_plan["name_zh"], strict=True)
        }
        windows = window_frame(own_plan, stages, milestones, domain, TIMELINE_WIDTH_PX, lang)
        flags = overdue_frame(own_overdue, own_units, stages, as_of, lang)
        order = list(unit_names(own_units, lang).values())
        draw_chart(
            build_timeline_chart(spans, windows, flags, as_of, domain, scale, order, timeline_texts, lang),
            theme=None,
            width="stretch",
        )
        st.caption(t("district.timeline_caption"))
        if own_plan.empty:
            st.info(t("district.no_plan", programme=name))
            continue
        with st.container(key=f"district-overdue-{programme.code}"):
            st.markdown(f"**{t('district.overdue')}**")
            if own_overdue.empty:
                st.success(t("district.no_overdue", as_of=format_date(as_of, lang)))
            else:
                draw_table(
                    overdue_table(own_overdue, own_units, stages, current_stages(spans), lang),
                    hide_index=True,
                    height="content",
                    key=f"district-overdue-table-{programme.code}",
                )
        with st.container(key=f"district-plan-{programme.code}"):
            st.markdown(f"**{t('district.plan')}**")
            own_judged = judged[judged["programme_id"] == programme.id]
            draw_table(
                plan_table(windows, own_judged, lang),
                hide_index=True,
                height="content",
                key=f"district-plan-table-{programme.code}",
            )
            st.caption(t("district.plan_caption"))

# --- subsidy per unit ---------------------------------------------------------------
st.subheader(t("district.subsidy"))
money = subsidies[["allocated", "disbursed", "received", "spent"]].fillna(0)
if not (money > 0).to_numpy().any():
    st.info(t("district.no_subsidy", county=county_name, as_of=format_date(as_of, lang)))
else:
    with st.container(key="district-subsidy"):
        st.caption(t("district.subsidy_caption"))
        draw_table(
            subsidy_table(subsidies, county_name, lang),
            hide_index=True,
            height="content",
            key="district-subsidy-table",
        )
        draw_chart(
            build_subsidy_chart(subsidy_chart_frame(subsidies, county_name, lang), t("district.money_axis")),
            theme=None,
            width="stretch",
        )
