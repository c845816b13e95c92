"""总览 Overview: headline figures for the chosen region and month with their change from
the month before, units by stage, and every target classed met / on track / at risk /
missed, per county-level unit, with the forecast at the current pace.

The figures and verdicts come from ``ui.views.overview``; this script only draws them."""

import streamlit as st

from ui import frame
from ui.charts.draw import draw_chart, draw_table
from ui.views.overview import ShownTile, overview_view

view = overview_view(frame.current())
st.title(view.title)
st.caption(view.caption)
if view.no_programmes:
    st.info(view.no_programmes)
    st.stop()
if view.before_start:
    st.info(view.before_start)
if view.after_end:
    st.caption(view.after_end)
if view.no_units:
    st.info(view.no_units)


def draw_tile(tile: ShownTile) -> None:
    """One headline tile, as wide as its text so that no figure is ever cut off."""
    st.metric(tile.label, tile.value, tile.delta, delta_color=tile.delta_color, width="content")


# Tiles wrap onto as many rows as the screen needs (four or five a row at 1024 px, all of a
# group on one row at 1920 px) instead of shrinking into columns that cut their figures.
with st.container(key="overview-tiles"):
    with st.container(horizontal=True, gap="large", key="overview-tiles-units"):
        for tile in view.unit_tiles:
            draw_tile(tile)
    with st.container(horizontal=True, gap="large", key="overview-tiles-money"):
        for tile in view.money_tiles:
            draw_tile(tile)
    st.caption(view.tiles_change)
    st.caption(view.money_note)
    if view.behind is not None:
        with st.expander(view.behind.label, key="overview-behind"):
            st.markdown("\n".join(view.behind.lines))

if view.stage_chart is not None:
    with st.container(key="overview-stages"):
        st.subheader(view.stages_header)
        draw_chart(view.stage_chart, theme=None, width="stretch")

with st.container(key="overview-summary"):
    st.metric(view.targets_met.label, view.targets_met.value)
    st.caption(view.status_summary)

for programme in view.programmes:
    with st.container(border=True, key=f"programme-{programme.code}"):
        st.subheader(programme.header)
        st.caption(programme.source)
        if programme.no_targets:
            st.info(programme.no_targets)
        for target in programme.targets:
            st.markdown(target.heading)
            st.caption(target.meta)
            if target.forecast:
                st.caption(target.forecast)
            # Chart above table, each the page's width: side by side, long county names left
            # the bars no room and the table scrolled sideways at 1024 px.
            draw_chart(target.chart, theme=None, width="stretch", key=f"chart-{target.target_id}")
            with st.container(key=f"overview-target-{target.target_id}"):
                draw_table(
                    target.table,
                    hide_index=True,
                    height="content",
                    key=f"target-{target.target_id}",
                )
