"""The palette: every colour of every chart, table and document, declared here once.

A test (tests/ui/test_charts_palette.py) fails on a colour literal anywhere else, so a
status, a grade, a stage or a score band looks the same on every page, in the workbook and
in the Word circular, and a leader learns it once.  Plain values, no Streamlit or Altair:
the documents of ``oversight/circular`` colour their cells from here as the charts do.
"""

from __future__ import annotations

from oversight.statuses import STATUS_CODES

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
PLAN_SHADES = ("#edf1f6", "#f8f9fb")
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

BAND_FILLS = {"excellent": "#c8e6c9", "good": "#e3f0d0", "pass": "#fff1c2", "fail": "#f8d7d5"}
"""Pale fills of the score bands (优秀, 良好, 达标, 不达标) behind a table cell: black text
stays readable on each, and they print as distinct greys."""
BAND_COLOURS = {"excellent": GREEN, "good": LIGHT_GREEN, "pass": AMBER, "fail": RED}
"""The strong variant of each band, for a chart's bars or a band's name in colour."""
LIST_COLOURS = {"red": RED, "black": INK}
"""红榜 and 黑榜, as text colours."""
LIST_FILLS = {"red": "#f8d7d5", "black": "#d9d9d9"}
"""Pale fills of a listed unit's row: a red list's rose, a black list's grey."""
OFFICIAL_RED = "#ff0000"
"""红头: the office mark and the separator line of an official circular (GB/T 9704-2012)."""
DOCUMENT_INK = "#000000"
"""The body text of a printed circular: black, as the standard has it."""
HEADER_FILL = "#dde4ee"
"""The header row of a document's tables (the workbook's sheets, the Word tables)."""
PROBLEM_FILL = STATUS_BACKGROUNDS["missed"]
"""A cell of an uploaded workbook with a problem, in the copy handed back marked: the rose
of a missed target, the text stays readable."""

REPORT_STATUS_COLOURS = {"on_time": GREEN, "late": AMBER, "missing": RED, "pending": "#d0d0d0"}
"""A monthly report on the reporting status page: in on time, late, missing, or not yet due
(pale grey: not a verdict yet)."""
CORRECTED_STROKE = INK
"""The frame of a report corrected since its first submission."""
RATE_COLOURS = (RED, YELLOW, GREEN)
"""A reporting rate: red at 50% or less, yellow at 80%, green at 100%."""
