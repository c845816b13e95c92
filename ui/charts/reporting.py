"""Reporting status charts: a grid of units × months coloured by each report's verdict, and
a grid of counties × months coloured by their reporting rate.

Both take cell frames built by :mod:`ui.views.reporting`: ``row_label`` and
``column_label`` place a cell, ``text`` is what it reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from oversight.palette import (
    CORRECTED_STROKE,
    EMPTY_FILL,
    RATE_COLOURS,
    REPORT_STATUS_COLOURS,
    TARGET_MARK,
)

ROW_STEP = 24
FRAME_BAND = 0.86
"""A corrected report's frame, as a share of its cell's width and height."""
RATE_DOMAIN = (50, 80, 100)
"""The reporting rates at which a cell is red, yellow and green: a county that receives
four reports in five is already one to call."""
LIGHT_TEXT = (60, 92)
"""Rates at or below the first, or at or above the second, sit on a colour dark enough for
white text (the red and the green ends of :data:`RATE_DOMAIN`)."""
DARK_STATUSES = ("on_time", "missing")
"""Verdicts whose colour is dark enough for white text."""


def _axes(cells: pd.DataFrame, rows: Sequence[str], columns: Sequence[str]) -> alt.Chart:
    return alt.Chart(cells).encode(
        x=alt.X(
            "column_label:N",
            sort=list(columns),
            title=None,
            scale=alt.Scale(domain=list(columns)),
            axis=alt.Axis(orient="top", labelAngle=0, labelLimit=0, labelFontSize=12),
        ),
        y=alt.Y(
            "row_label:N",
            sort=list(rows),
            title=None,
            scale=alt.Scale(domain=list(rows)),
            axis=alt.Axis(labelLimit=0, labelFontSize=12),
        ),
    )


def build_status_grid(
    cells: pd.DataFrame, rows: Sequence[str], columns: Sequence[str], labels: Mapping[str, str]
) -> alt.LayerChart:
    """Units × months: each owed report a cell coloured by its verdict (``status`` code,
    ``status_label`` its name), a frame on those ``corrected`` since (``frame`` holds the name the frame's legend
    gives it).  ``labels`` holds
    the verdicts' names by code and the texts legend_status, legend_corrected, corrected,
    row (the rows' name in the tooltip), month, submitted."""
    statuses = list(REPORT_STATUS_COLOURS)
    base = _axes(cells, rows, columns)
    fill = alt.Fill(
        "status_label:N",
        scale=alt.Scale(
            domain=[labels[status] for status in statuses], range=list(REPORT_STATUS_COLOURS.values())
        ),
        legend=alt.Legend(title=labels["legend_status"], orient="top"),
    )
    tooltip = [
        alt.Tooltip("row_label:N", title=labels["row"]),
        alt.Tooltip("column_title:N", title=labels["month"]),
        alt.Tooltip("status_label:N", title=labels["legend_status"]),
        alt.Tooltip("submitted:N", title=labels["submitted"]),
    ]
    cells_layer = base.mark_rect(stroke="white", strokeWidth=1).encode(fill=fill, tooltip=tooltip)
    text_colour = (
        alt.when(alt.FieldOneOfPredicate(field="status", oneOf=list(DARK_STATUSES)))
        .then(alt.value("white"))
        .otherwise(alt.value(TARGET_MARK))
    )
    text_layer = base.mark_text(fontSize=11).encode(text="text:N", color=text_colour, tooltip=tooltip)
    frames_layer = (
        base.transform_filter(alt.datum.corrected)
        # Inside the cell, so a frame on the grid's edge is not cut.
        .mark_rect(
            filled=False,
            strokeWidth=2.5,
            width=alt.RelativeBandSize(FRAME_BAND),
            height=alt.RelativeBandSize(FRAME_BAND),
        )
        .encode(
            stroke=alt.Stroke(
                "frame:N",
                scale=alt.Scale(domain=[labels["corrected"]], range=[CORRECTED_STROKE]),
                legend=alt.Legend(title=labels["legend_corrected"], orient="top", symbolStrokeWidth=2.5),
            ),
            tooltip=tooltip,
        )
    )
    return (
        alt.layer(cells_layer, text_layer, frames_layer)
        .properties(height=alt.Step(ROW_STEP))
        .configure_scale(bandPaddingInner=0)
        .configure_view(strokeWidth=0)
    )


def build_rate_grid(
    cells: pd.DataFrame, rows: Sequence[str], columns: Sequence[str], labels: Mapping[str, str]
) -> alt.LayerChart:
    """Counties × months: each cell coloured by the rate ``value`` (percent; empty when
    nothing was judged yet, drawn grey) and reading ``text``.  ``labels``: legend (the
    rate's name), row, month, detail (the tooltip's counts)."""
    base = _axes(cells, rows, columns)
    # Vega-Lite drops marks whose scaled field is empty, so empty rates are drawn from -1.
    fill = alt.Fill(
        "shade:Q",
        scale=alt.Scale(domain=list(RATE_DOMAIN), range=list(RATE_COLOURS), clamp=True),
        legend=alt.Legend(
            title=labels["legend"], orient="top", direction="horizontal", format="d", gradientLength=240
        ),
        condition=[{"test": "!isValid(datum.value)", "value": EMPTY_FILL}],
    )
    tooltip = [
        alt.Tooltip("row_label:N", title=labels["row"]),
        alt.Tooltip("column_title:N", title=labels["month"]),
        alt.Tooltip("text:N", title=labels["legend"]),
        alt.Tooltip("detail:N", title=" "),
    ]
    cells_layer = (
        base.transform_calculate(shade="isValid(datum.value) ? datum.value : -1")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(fill=fill, tooltip=tooltip)
    )
    light = f"isValid(datum.value) && (datum.value >= {LIGHT_TEXT[1]} || datum.value <= {LIGHT_TEXT[0]})"
    text_colour = alt.when(light).then(alt.value("white")).otherwise(alt.value(TARGET_MARK))
    text_layer = base.mark_text(fontSize=11).encode(text="text:N", color=text_colour, tooltip=tooltip)
    return (
        alt.layer(cells_layer, text_layer)
        .properties(height=alt.Step(ROW_STEP))
        .configure_scale(bandPaddingInner=0)
        .configure_view(strokeWidth=0)
    )
