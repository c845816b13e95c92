"""指标热力图 Indicator heatmap: every unit's latest self-assessment against the 12 first-level
indicators (expandable to the 45 items), county averages, and the hard rules not met.
Selecting a unit opens its page.

The figures, grids and verdicts come from ``ui.views.heatmap``; this script lays them out
around the view controls, keeps the view in the URL and draws."""

import streamlit as st

from ui import filters, frame
from ui.charts.draw import draw_chart
from ui.heatmap_tables import (
    COUNTIES_VIEW,
    NO_DETAIL,
    VIEW_PARAMS,
    HeatmapView,
    unit_from_chart_selection,
    unit_from_table_selection,
    view_from_params,
    view_params,
)
from ui.views.heatmap import Controls, grids_view, heatmap_view, link_notices

COMMUNITY_PAGE = "pages/community.py"
WIDGETS = {
    "view": "heatmap-view",
    "sort": "heatmap-sort",
    "detail": "heatmap-detail",
    "low": "heatmap-lowest-first",
}
CHART_KEYS = {
    "counties": "heatmap-county-chart",
    "grid": "heatmap-grid-chart",
    "items": "heatmap-items-chart",
}
CONTROL_PX = 280  # wide enough for "By indicator 11 (Corrective)" and "按指标 3（风险辨识）"
SYNCED = "heatmap-view-in-url"  # the view parameters this page last read from or wrote to the URL


def _sync_from_url(controls: Controls) -> None:
    """Set the view's widgets from the URL when it names a view this page has not shown
    (a link, the browser's Back), saying which values it could not show; a widget the
    last run did not draw (the expansion, hidden in the county view) takes its value
    from the URL too."""
    params = {name: st.query_params.get(name) for name in VIEW_PARAMS}
    params = {name: value for name, value in params.items() if value is not None}
    changed = params != st.session_state.get(SYNCED)
    view, rejected = view_from_params(params, controls.indicators)
    values = {"view": view.view, "sort": view.sort, "detail": view.detail, "low": view.lowest_first}
    for name, value in values.items():
        key = WIDGETS[name]
        # Assigned even when unchanged, as in ui.filters.url_choice: a widget's id can
        # differ between the first runs of a fresh server, and an assigned value reaches it.
        keep = not changed and key in st.session_state
        st.session_state[key] = st.session_state[key] if keep else value
    if changed:
        for notice in link_notices(chosen, rejected):
            st.warning(notice)
    st.session_state[SYNCED] = params


def _sync_to_url(view: HeatmapView) -> None:
    """Write the view to the URL, only the parameters that differ from the plain view."""
    params = view_params(view)
    for name in VIEW_PARAMS:
        if name in params:
            st.query_params[name] = params[name]
        else:
            st.query_params.pop(name, None)
    st.session_state[SYNCED] = params


def _choose_view(controls: Controls) -> HeatmapView:
    """The view controls, set from the URL; the view they show, written back to it."""
    _sync_from_url(controls)
    with st.container(key="heatmap-controls", horizontal=True):
        view = st.segmented_control(
            controls.view_label,
            list(controls.views),
            format_func=controls.views.get,
            required=True,
            key=WIDGETS["view"],
        )
        sort_by = st.selectbox(
            controls.sort_label,
            list(controls.sorts),
            format_func=controls.sorts.get,
            key=WIDGETS["sort"],
            width=CONTROL_PX,
        )
        detail = st.session_state.get(WIDGETS["detail"], NO_DETAIL)
        if view != COUNTIES_VIEW:
            detail = st.selectbox(
                controls.detail_label,
                list(controls.details),
                format_func=controls.details.get,
                key=WIDGETS["detail"],
                width=CONTROL_PX,
            )
        lowest_first = st.toggle(controls.lowest_first, key=WIDGETS["low"])
    shown = HeatmapView(view, sort_by, detail, lowest_first)
    _sync_to_url(shown)
    return shown


chosen = frame.current()
view = heatmap_view(chosen)
st.title(view.title)
if view.halt:
    st.info(view.halt)
    st.stop()
st.caption(view.caption)
if view.after_end:
    st.caption(view.after_end)
with st.container(key="heatmap-summary", horizontal=True):
    for label, value in view.figures:
        st.metric(label, value)

selected = None
shown = HeatmapView()
if view.controls is None:
    st.info(view.no_assessments)
else:
    shown = _choose_view(view.controls)
grids = grids_view(view, shown)
for grid in grids.grids:
    with st.container(key=f"heatmap-{grid.name}"):
        st.subheader(grid.header)
        if grid.selectable:
            event = draw_chart(
                grid.chart,
                width="stretch",
                key=CHART_KEYS[grid.name],
                on_select="rerun",
                selection_mode="unit",
            )
            selected = selected or unit_from_chart_selection(event.selection)
        else:
            draw_chart(grid.chart, width="stretch", key=CHART_KEYS[grid.name])
        if grid.caption:
            st.caption(grid.caption)
if grids.select_hint:
    st.caption(grids.select_hint)

violations = view.violations
with st.container(key="heatmap-violations"):
    st.subheader(violations.header)
    if violations.table is None:
        st.caption(violations.none_note)
    else:
        # Read whole: a table that wraps its texts rather than a frame that cuts them.
        st.table(violations.table, hide_index=True, border="horizontal")
    if violations.not_judged:
        st.caption(violations.not_judged)

with st.container(key="heatmap-units"):
    st.subheader(view.units_header)
    event = st.dataframe(
        grids.units,
        hide_index=True,
        key="heatmap-units-table",
        on_select="rerun",
        selection_mode="single-row",
    )
    selected = selected or unit_from_table_selection(event.selection.rows, grids.codes)

if selected is not None:
    keep = filters.sidebar_params(st.query_params.to_dict()) | view_params(shown)
    st.switch_page(COMMUNITY_PAGE, query_params={**keep, "unit": selected})
