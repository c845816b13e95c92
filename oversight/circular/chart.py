"""The circular's chart: each county's units by stage at the month's end, as a PNG drawn
without a browser (Vega-Lite rendered by vl-convert), for the Word circular.

The stage colours are the pages' (:data:`oversight.palette.STAGE_COLOURS`), so a leader
reads the printed chart as the overview's.  The font is Noto Sans CJK SC, which
vl-convert finds among the system's fonts (``fonts-noto-cjk``).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import vl_convert

from oversight.circular.figures import CircularFigures, StageCount, stage_columns
from oversight.formatting import text_width
from oversight.palette import DOCUMENT_INK, OTHER_STAGE, STAGE_COLOURS

FONT = "Noto Sans CJK SC"
WIDTH = 520
"""Points across: the chart fills the 156 mm text block at :data:`PNG_SCALE`."""
PNG_SCALE = 3
"""Pixels per point in the PNG: sharp on paper at the 15.6 cm it is printed."""


def stage_chart(figures: CircularFigures, lang: str = "zh") -> alt.Chart:
    """Stacked bars, one per county, of its units by stage in path order."""
    stages = stage_columns(figures)
    order = {s.code: i for i, s in enumerate(stages)}
    rows = [
        {
            "county": c.name_zh if lang == "zh" else c.name_en,
            "stage": s.name_zh if lang == "zh" else s.name_en,
            "order": order[s.code],
            "units": s.units,
        }
        for c in figures.counties
        for s in c.stages
    ]
    frame = pd.DataFrame(rows, columns=["county", "stage", "order", "units"])
    counties = [c.name_zh if lang == "zh" else c.name_en for c in figures.counties]
    most = max((c.units for c in figures.counties), default=1)
    step = max(1, -(-most // 10))
    ticks = list(range(0, most + step, step))
    title = "各区县创建单位所处阶段（个）" if lang == "zh" else "Units by stage per county"
    return (
        alt.Chart(frame, title=title, width=WIDTH, height=bars_height(len(counties)))
        .mark_bar()
        .encode(
            y=alt.Y("county:N", sort=counties, title=None),
            x=alt.X("sum(units):Q", title=None, axis=alt.Axis(format="d", values=ticks)),
            color=alt.Color(
                "stage:N",
                scale=alt.Scale(
                    domain=[s.name_zh if lang == "zh" else s.name_en for s in stages],
                    range=[STAGE_COLOURS.get(s.code, OTHER_STAGE) for s in stages],
                ),
                legend=alt.Legend(
                    title=None, orient="bottom", columns=legend_columns(stages, counties, lang)
                ),
            ),
            order=alt.Order("order:Q"),
        )
        .configure(font=FONT)
        .configure_axis(labelFont=FONT, labelFontSize=12, labelColor=DOCUMENT_INK, labelLimit=300)
        .configure_legend(labelFont=FONT, labelFontSize=12, labelLimit=300)
        .configure_title(font=FONT, fontSize=14, anchor="middle", color=DOCUMENT_INK)
        .configure_view(stroke=None)
    )


LEGEND_LETTER = 7
"""Pixels a letter of the 12 px labels takes (a Chinese character two letters)."""
LEGEND_SYMBOL = 28
"""Pixels of a legend entry's symbol and the space after it."""
LEGEND_ROW = 18
DECORATION = 64
"""Pixels of the title, the axis and the padding around the bars."""


def bars_height(counties: int) -> int:
    """28 px a county, 60 at least."""
    return max(60, 28 * counties)


def legend_columns(stages: Sequence[StageCount], counties: Sequence[str], lang: str) -> int:
    """As many legend columns (up to 4) as fit beside the county names: the legend starts
    under the bars, so the English "County review passed" in 4 columns beside
    "Suining Economic Development Zone" ran past the chart and was cut."""
    widest = max((text_width(s.name_zh if lang == "zh" else s.name_en) for s in stages), default=1)
    names = max((text_width(name) for name in counties), default=0) * LEGEND_LETTER
    return max(1, min(4, (WIDTH - names) // (widest * LEGEND_LETTER + LEGEND_SYMBOL)))


def fitted_height(figures: CircularFigures, lang: str) -> int:
    """The height to give the chart where it is sized to fit its whole height (Streamlit's
    way): the bars' own height plus the title, axis and legend rows, so the bars keep their
    28 px (Shijiazhuang's five counties with a two-row legend overlapped in 20 px)."""
    stages = stage_columns(figures)
    counties = [c.name_zh if lang == "zh" else c.name_en for c in figures.counties]
    rows = -(-len(stages) // legend_columns(stages, counties, lang))
    return bars_height(len(counties)) + DECORATION + LEGEND_ROW * rows


def stage_chart_png(figures: CircularFigures, lang: str = "zh") -> bytes:
    """The chart as PNG bytes."""
    spec = stage_chart(figures, lang).to_dict()
    return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)
