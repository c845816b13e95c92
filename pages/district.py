"""区县进度 District: one county-level unit as of the chosen month — its targets and gaps,
its units by stage, each unit's stages against the programme's planned stages with the
overdue ones flagged, and the subsidy allocated, disbursed and spent per unit.

The figures and verdicts come from ``ui.views.district``; this script only draws them."""

import streamlit as st

from ui import frame
from ui.charts.draw import draw_chart, draw_table
from ui.views.district import district_view


def choose_county(code: str) -> None:
    """Set the sidebar's county filter (it writes ``?county=`` to the URL on the rerun)."""
    st.session_state["county"] = code


view = district_view(frame.current())
st.title(view.title)
st.caption(view.caption)
if view.chooser is not None:
    if view.chooser.no_counties:
        st.info(view.chooser.no_counties)
        st.stop()
    with st.container(key="district-chooser"):
        st.markdown(view.chooser.choose)
        # Buttons as wide as their names, wrapping: fixed columns cut long county names.
        with st.container(horizontal=True, gap="small"):
            for code, label in view.chooser.choices:
                st.button(
                    label,
                    key=f"district-choose-{code}",
                    on_click=choose_county,
                    args=(code,),
                    width="content",
                )
    st.stop()

# --- headline figures ---------------------------------------------------------------
# Tiles as wide as their text, wrapping on a narrow screen: fixed columns cut them at 1024 px.
with st.container(key="district-summary", horizontal=True, gap="large"):
    for figure in view.figures:
        st.metric(figure.label, figure.value, width="content")
if view.not_enrolled:
    st.caption(view.not_enrolled)

# --- targets and gaps ---------------------------------------------------------------
st.subheader(view.targets_header)
st.caption(view.targets_caption)
if view.no_targets:
    st.info(view.no_targets)
else:
    # In a keyed box, so the browser test finds the table.
    with st.container(key="district-targets-table"):
        draw_table(
            view.targets,
            hide_index=True,
            height="content",
            key="district-targets",
        )

# --- units by stage -----------------------------------------------------------------
st.subheader(view.pipeline_header)
if view.no_units:
    st.info(view.no_units)
else:
    with st.container(key="district-pipeline"):
        draw_chart(view.pipeline_chart, theme=None, width="stretch")
        st.caption(view.pipeline_caption)
        if view.later_enrolment:
            st.caption(view.later_enrolment)

# --- each unit's stages against the plan, per programme -----------------------------
for timeline in view.timelines:
    with st.container(border=True, key=f"district-timeline-{timeline.code}"):
        st.subheader(timeline.header)
        if timeline.before_start:
            st.info(timeline.before_start)
        elif timeline.after_end:
            st.caption(timeline.after_end)
        draw_chart(timeline.chart, theme=None, width="stretch")
        st.caption(timeline.caption)
        if timeline.no_plan:
            st.info(timeline.no_plan)
            continue
        with st.container(key=f"district-overdue-{timeline.code}"):
            st.markdown(f"**{timeline.overdue_header}**")
            if timeline.overdue is None:
                st.success(timeline.no_overdue)
            else:
                draw_table(
                    timeline.overdue,
                    hide_index=True,
                    height="content",
                    key=f"district-overdue-table-{timeline.code}",
                )
        with st.container(key=f"district-plan-{timeline.code}"):
            st.markdown(f"**{timeline.plan_header}**")
            draw_table(
                timeline.plan, hide_index=True, height="content", key=f"district-plan-table-{timeline.code}"
            )
            st.caption(timeline.plan_caption)

# --- subsidy per unit ---------------------------------------------------------------
st.subheader(view.subsidy_header)
if view.no_subsidy:
    st.info(view.no_subsidy)
else:
    with st.container(key="district-subsidy"):
        st.caption(view.subsidy_caption)
        draw_table(view.subsidy, hide_index=True, height="content", key="district-subsidy-table")
        draw_chart(view.subsidy_chart, theme=None, width="stretch")
