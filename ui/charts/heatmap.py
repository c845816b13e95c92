"""Heatmap charts: a grid of scores coloured red → amber → green, hard-rule breaches framed.

Every builder draws a cell frame of :mod:`ui.heatmap_tables`.  Scores are percents of the
scheme's points, so the A/B/C colours sit at 0 / 50 / 100 and an A/B/C item, an indicator
score and a county average read on the same scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from ui.charts import ATTENTION_FILL, EMPTY_FILL, FAILED_STROKE, GRADE_COLOURS, INFO_FILL, TARGET_MARK

SCORE_DOMAIN = (0, 50, 100)
SELECTION = "unit"
ROW_STEP = 24


def score_scale() -> alt.Scale:
    """0 → the C colour, 50 → B, 100 → A, interpolated between."""
    return alt.Scale(
        domain=list(SCORE_DOMAIN),
        range=[GRADE_COLOURS["C"], GRADE_COLOURS["B"], GRADE_COLOURS["A"]],
        clamp=True,
    )


def build_grid_chart(
    cells: pd.DataFrame,
    rows: Sequence[str],
    labels: Mapping[str, str],
    selectable: bool = True,
    label_angle: int = -30,
) -> alt.LayerChart:
    """A grid of ``cells``: one row per code of ``rows`` (in that order), one column per
    ``column`` in the order of first appearance, each cell coloured by its score.

    Info cells (the assessment month) are grey, or amber when they need a look; cells of a
    hard-rule breach get a frame, dashed black when the rule is not met and solid purple
    when below its fail line.  With ``selectable``, a click selects the row's code
    (point selection ``unit`` on the field ``code``).  ``labels`` holds the texts:
    score (legend title), rule (legend title), violated, failed (verdict labels),
    row (the row axis in the tooltip).
    """
    row_labels = list(cells.drop_duplicates("code").set_index("code").loc[list(rows), "row_label"])
    column_labels = list(dict.fromkeys(cells["column_label"]))
    base = alt.Chart(cells).encode(
        x=alt.X(
            "column_label:N",
            sort=column_labels,
            title=None,
            axis=alt.Axis(orient="top", labelAngle=label_angle, labelLimit=0, labelFontSize=12),
        ),
        y=alt.Y("row_label:N", sort=row_labels, title=None, axis=alt.Axis(labelLimit=0, labelFontSize=12)),
    )
    # Vega-Lite takes value conditions before a field definition; Altair's when() cannot mix them.
    # Vega-Lite drops marks whose scaled field is empty, so empty scores are drawn from -1.
    fill = alt.Fill(
        "shade:Q",
        scale=score_scale(),
        legend=alt.Legend(title=labels["score"], orient="right"),
        condition=[
            {"test": "datum.kind === 'info' && datum.attention", "value": ATTENTION_FILL},
            {"test": "datum.kind === 'info'", "value": INFO_FILL},
            {"test": "!isValid(datum.value)", "value": EMPTY_FILL},
        ],
    )
    tooltip = [
        alt.Tooltip("row_label:N", title=labels["row"]),
        alt.Tooltip("column_title:N", title=" "),
        alt.Tooltip("text:N", title=labels["score"]),
        alt.Tooltip("verdict:N", title=labels["rule"]),
    ]
    pick = alt.selection_point(name=SELECTION, fields=["code"], on="click", clear="dblclick")
    cells_layer = (
        base.transform_calculate(shade="isValid(datum.value) ? datum.value : -1")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(fill=fill)
    )
    if selectable:
        cells_layer = cells_layer.encode(
            opacity=alt.when(pick).then(alt.value(1.0)).otherwise(alt.value(0.35))
        )
    text_colour = (
        alt.when("datum.kind == 'score' && isValid(datum.value) && (datum.value < 35 || datum.value > 65)")
        .then(alt.value("white"))
        .otherwise(alt.value(TARGET_MARK))
    )
    labels_layer = base.mark_text().encode(
        text="text:N",
        color=text_colour,
        size=alt.when(alt.datum.kind == "info").then(alt.value(10)).otherwise(alt.value(11)),
    )
    verdicts = [labels["violated"], labels["failed"]]
    frames_layer = (
        base.transform_filter(alt.datum.verdict != "")
        .mark_rect(filled=False, strokeWidth=3)
        .encode(
            stroke=alt.Stroke(
                "verdict:N",
                scale=alt.Scale(domain=verdicts, range=[TARGET_MARK, FAILED_STROKE]),
                legend=alt.Legend(title=labels["rule"], orient="right", symbolStrokeWidth=3),
            ),
        )
    )
    # An invisible cell on top takes the clicks and the tooltip, so a click on a cell's
    # number or frame selects it too (a selection can listen to one layer only).
    hits_layer = base.mark_rect(fill="white", fillOpacity=0).encode(tooltip=tooltip)
    if selectable:
        hits_layer = hits_layer.add_params(pick)
    chart = alt.layer(cells_layer, labels_layer, frames_layer, hits_layer)
    return (
        chart.properties(height=alt.Step(ROW_STEP))
        .configure_scale(bandPaddingInner=0)
        .configure_view(strokeWidth=0)
    )
