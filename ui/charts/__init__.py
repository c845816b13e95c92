"""Charts: one Altair theme, one palette, and a ``build_*_chart(frame) -> alt.Chart`` module per page.

Builders are pure (no Streamlit), so a test can read a chart's spec; pages draw them with
``st.altair_chart(chart, theme=None)`` so that this theme, not Streamlit's, applies.
Status and grade colours are the same on every page: a leader learns them once.
"""

from __future__ import annotations

import altair as alt

from oversight.statuses import STATUS_CODES

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

STATUS_ORDER = STATUS_CODES
"""Target statuses in their declared order (:mod:`oversight.statuses`); colours by code below."""
STATUS_COLOURS = {
    "met": "#2e7d32",
    "on_track": "#1f6fb2",
    "not_started": "#8a8f98",
    "at_risk": "#e08a00",
    "missed": "#c62828",
}
STATUS_BACKGROUNDS = {
    "met": "#d8f0dc",
    "on_track": "#dbe8f6",
    "not_started": "#ebecee",
    "at_risk": "#fde7c2",
    "missed": "#f8d7d5",
}
"""The status colours lightened, for table cells."""
STATUS_BADGES = {
    "met": "green",
    "on_track": "blue",
    "not_started": "gray",
    "at_risk": "orange",
    "missed": "red",
}
"""Streamlit badge colours nearest the status colours, for ``:colour-badge[text]``."""
GRADE_COLOURS = {"A": "#2e7d32", "B": "#f2b705", "C": "#c62828"}
TARGET_MARK = "#222222"


def status_scale(labels: dict[str, str]) -> alt.Scale:
    """A colour scale over translated status labels, in the fixed status colours."""
    return alt.Scale(
        domain=[labels[s] for s in STATUS_ORDER], range=[STATUS_COLOURS[s] for s in STATUS_ORDER]
    )


@alt.theme.register("oversight", enable=True)
def oversight_theme() -> alt.theme.ThemeConfig:
    """A CJK font everywhere, so Chinese labels never fall back to a serif face."""
    return {
        "config": {
            "font": FONT,
            "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12},
            "header": {"labelFont": FONT, "titleFont": FONT},
            "title": {"font": FONT, "fontSize": 14, "anchor": "start"},
            "text": {"font": FONT},
            "view": {"stroke": None},
        }
    }
