"""填报情况 Reporting status: the month's reports in, on time, late and missing, the units
to chase with their county, each county's completeness and timeliness month by month,
and one county's units month by month, with the rule that decides what is late.

What it draws comes from ``ui.views.reporting``; this script lays it out around the two
choices a leader makes (the rate shown, the county opened) and draws."""

import streamlit as st

from ui import frame
from ui.charts.draw import draw_chart, draw_table
from ui.views.reporting import rates_chart, reporting_view, units_grid

view = reporting_view(frame.current())
st.title(view.title)
if view.halt:
    st.info(view.halt)
    st.stop()
st.caption(view.caption)
# Medium gaps: eight figures stay on one row at 1280 px in English too.
with st.container(key="reporting-figures", horizontal=True, gap="medium"):
    for label, value in view.figures:
        st.metric(label, value, width="content")
with st.expander(view.rule_label, key="reporting-rule"):
    st.markdown(view.rule)

with st.container(key="reporting-chase"):
    st.subheader(view.chase_header)
    st.caption(view.chase_note)
    if view.chase_table is not None:
        draw_table(view.chase_table, hide_index=True, key="reporting-chase-table")

with st.container(key="reporting-rates"):
    st.subheader(view.rates_header)
    measure = st.segmented_control(
        view.measure_label,
        list(view.measures),
        format_func=view.measures.get,
        default=next(iter(view.measures)),
        required=True,
        key="reporting-measure",
    )
    draw_chart(rates_chart(view, measure), width="stretch", key="reporting-rates-chart")
    st.caption(view.rates_caption)
    st.markdown(f"**{view.rates_table_header}**")
    draw_table(view.rates_table, hide_index=True, key="reporting-rates-table")

with st.container(key="reporting-units"):
    st.subheader(view.units_header)
    county = next(iter(view.counties))
    if len(view.counties) > 1:
        county = st.selectbox(
            view.county_label,
            list(view.counties),
            format_func=view.counties.get,
            key="reporting-county",
            width=320,
        )
    grid = units_grid(view, county)
    st.caption(grid.count)
    if grid.chart is not None:
        draw_chart(grid.chart, width="stretch", key="reporting-units-chart")
    st.caption(view.units_caption)
