"""Charts: one Altair theme, one palette, and a ``build_*_chart(frame) -> alt.Chart`` module per page.

Builders are pure (no Streamlit), so a test can read a chart's spec; pages draw them with
``ui.charts.draw.draw_chart(chart, theme=None)`` so that this theme, not Streamlit's, applies.
Status and grade colours are the same on every page: a leader learns them once.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

# The palette lives in oversight/palette.py (the documents colour their cells from it too);
# the charts' modules take its names from here.
from oversight.palette import (  # noqa: F401
    AMBER,
    ATTENTION_FILL,
    BLUE,
    CHANGE_COLOURS,
    COMMUNITY_MONEY_COLOURS,
    DARK_RED,
    DEADLINE_COLOUR,
    DISTRICT_MONEY_COLOURS,
    DOMAIN_SCHEME,
    EMPTY_FILL,
    FAILED_STROKE,
    GRADE_COLOURS,
    GRADE_SPREAD,
    GREEN,
    HAZARD_COLOURS,
    IN_PROGRESS_COLOUR,
    INFO_FILL,
    INK,
    LIGHT_GREEN,
    NO_RULE_COLOUR,
    NOT_JUDGED_COLOUR,
    OTHER_STAGE,
    PLAN_BAR_COLOUR,
    PLAN_COLOUR,
    PLAN_SHADES,
    PURPLE,
    REACHED_COLOUR,
    RED,
    SLATE,
    STAGE_COLOURS,
    STATUS_BACKGROUNDS,
    STATUS_BADGES,
    STATUS_COLOURS,
    STATUS_ORDER,
    TARGET_MARK,
    TEXT,
    TITLE_STATUS_COLOURS,
    YELLOW,
)

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
AXIS_LABEL_LIMIT = 360


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
