"""Charts: one Altair theme, one palette, and a ``build_*_chart(frame) -> alt.Chart`` module per page.

Builders are pure (no Streamlit), so a test can read a chart's spec; pages draw them with
``ui.charts.draw.draw_chart(chart, theme=None)`` so that this theme, not Streamlit's, applies.
Status and grade colours are the same on every page: a leader learns them once.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from oversight.statuses import STATUS_CODES

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
AXIS_LABEL_LIMIT = 360

# The palette: every colour of every chart and table is declared here, once (a test fails
# on a colour literal anywhere else), so a status, a grade or a stage looks the same on
# every page and a leader learns it once.
GREEN, BLUE, AMBER, RED = "#2e7d32", "#1f6fb2", "#e08a00", "#c62828"
YELLOW, LIGHT_GREEN, DARK_RED, PURPLE = "#f2b705", "#8bc34a", "#6d1b1b", "#6a1b9a"
SLATE = "#8a8f98"
"""A target not yet started: neither good nor bad."""
INK, TEXT = "#222222", "#333333"
"""Near-black for marks that show a requirement or a date; dark grey for labels."""

STATUS_ORDER = STATUS_CODES
"""Target statuses in their declared order (:mod:`oversight.statuses`); colours by code below."""
STATUS_COLOURS = {"met": GREEN, "on_track": BLUE, "not_started": SLATE, "at_risk": AMBER, "missed": RED}
STATUS_BADGES = {
    "met": "green",
    "on_track": "blue",
    "not_started": "gray",
    "at_risk": "orange",
    "missed": "red",
}
"""Streamlit badge colours nearest the status colours, for ``:colour-badge[text]``."""
STATUS_BACKGROUNDS = {
    "met": "#d8f0dc",
    "on_track": "#dbe8f6",
    "not_started": "#ebecee",
    "at_risk": "#fde7c2",
    "missed": "#f8d7d5",
}
"""Pale status colours behind a table's status cell, dark text stays readable on them."""
GRADE_COLOURS = {"A": GREEN, "B": YELLOW, "C": RED}
GRADE_SPREAD = (GREEN, LIGHT_GREEN, YELLOW, AMBER, RED)
"""Best to worst, for a scheme with other grades than A/B/C."""
TARGET_MARK = INK

STAGE_COLOURS = {
    "not_started": "#d0d0d0",
    "launched": "#bdd7ee",
    "implementing": "#6baed6",
    "self_assessed": "#3182bd",
    "applied": "#08519c",
    "county_reviewed": "#bcbddc",
    "city_reviewed": "#9e9ac8",
    "onsite_evaluated": "#6a51a3",
    "named": GREEN,
    "re_evaluation": LIGHT_GREEN,
}
"""Grey before the start; blues that deepen through the unit's own work, purples through
the reviews, green once named: the same on every page's stage chart."""
OTHER_STAGE = "#999999"

TITLE_STATUS_COLOURS = {
    "valid": "#d8f0dc",
    "renewed": "#dce8f5",
    "expired": "#fde9c8",
    "revoked": "#f8d7d5",
    "not_yet": "#eeeeee",
}
"""Pale backgrounds of a title's status in the community page's title table."""
CHANGE_COLOURS = {"up": RED, "down": GREEN}
"""Year-on-year change of accidents: more is red, fewer is green."""

PLAN_COLOUR = "#9db7d5"
"""A planned stage (the community page's plan lane)."""
REACHED_COLOUR, PLAN_BAR_COLOUR = "#e4e8ee", "#d5dde8"
"""The district funnel's pale "reached" bars; the district timeline's planned stages."""
BAND_COLOURS = ("#edf1f6", "#f8f9fb")
"""Alternating shades of the planned stages behind the district timeline."""
DEADLINE_COLOUR, NO_RULE_COLOUR, NOT_JUDGED_COLOUR = "#8a94a6", "#8c9bab", "#c9c9c9"
IN_PROGRESS_COLOUR = "#9ec5e8"
"""A period still running whose minimum is not reached yet: pale blue, not a verdict."""
DISTRICT_MONEY_COLOURS = ("#9ecae1", "#3182bd", "#fdae6b", "#e6550d")
"""Allocated, disbursed (blues: the money sent), received, spent (oranges: as units report)."""
COMMUNITY_MONEY_COLOURS = (BLUE, AMBER)
"""Received, spent."""
HAZARD_COLOURS = (AMBER, GREEN)
"""Found, rectified."""
DOMAIN_SCHEME = "tableau20"
"""Twelve safety domains need twelve distinguishable colours; Vega's tableau20 has them."""

INFO_FILL, ATTENTION_FILL, EMPTY_FILL = "#f1f1f1", "#fbe3b0", "#dddddd"
"""Heatmap: information cells, a stale self-assessment (also behind its table cell), no score."""
FAILED_STROKE = PURPLE
"""Heatmap: the frame of a hard rule failed outright (not only below its minimum)."""


def month_format(lang: str) -> str:
    """A month on a time axis the way the page's language writes it: 2008年7月, Jul 2008."""
    return "%Y年%-m月" if lang == "zh" else "%b %Y"


def count_axis(title: str | None) -> alt.Axis:
    """An axis of whole counts: no 0.5 ticks, no "0.000000" when every count is zero."""
    return alt.Axis(title=title, format="d", tickMinStep=1)


COUNT_SCALE = alt.Scale(domain={"unionWith": [0, 1]})
"""A count scale that reaches at least 1, so that an all-zero chart still has an axis 0–1."""


def stage_scale(stages: pd.DataFrame, lang: str) -> alt.Scale:
    """A colour scale over the translated stage names (``stages``: code, name_zh, name_en),
    in path order, in :data:`STAGE_COLOURS`."""
    return alt.Scale(
        domain=list(stages[f"name_{lang}"]),
        range=[STAGE_COLOURS.get(code, OTHER_STAGE) for code in stages["code"]],
    )


def status_scale(labels: dict[str, str]) -> alt.Scale:
    """A colour scale over translated status labels, in the fixed status colours."""
    return alt.Scale(
        domain=[labels[s] for s in STATUS_ORDER], range=[STATUS_COLOURS[s] for s in STATUS_ORDER]
    )


@alt.theme.register("oversight", enable=True)
def oversight_theme() -> alt.theme.ThemeConfig:
    """A CJK font everywhere, so Chinese labels never fall back to a serif face; axis and
    legend labels long enough for a county's full name."""
    return {
        "config": {
            "font": FONT,
            "axis": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                # Long county names ("Suining Economic and Technological Development Zone") whole.
                "labelLimit": AXIS_LABEL_LIMIT,
            },
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelLimit": AXIS_LABEL_LIMIT,
            },
            "header": {"labelFont": FONT, "titleFont": FONT},
            "title": {"font": FONT, "fontSize": 14, "anchor": "start"},
            "text": {"font": FONT},
            "view": {"stroke": None},
        }
    }
