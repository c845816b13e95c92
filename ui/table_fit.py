"""Fitting a table with one long text column to the page: that column gets a width and
its text wraps onto more lines, so the figures and the status beside it stay in view
instead of scrolling sideways (the data grid sizes a column to its longest text)."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

WIDE_CHAR_PX = 14
"""A CJK character at the grid's 14 px font."""
NARROW_CHAR_PX = 7
"""A Latin letter or digit at the same font, on average."""
CELL_PADDING_PX = 20
"""The grid's padding on both sides of a cell's text, with a little room."""
LINE_PX = 20
WRAPPING_ROW_PX = 65
"""Streamlit's grid wraps a cell's text only in rows taller than 4rem (64 px)."""


@dataclass(frozen=True)
class TableFit:
    """Column name → width in px, and the row height that lets their text wrap (None: the
    grid's own sizes, when the text fits on one line)."""

    widths: dict[str, int] = field(default_factory=dict)
    row_height: int | None = None


def text_px(text: str) -> float:
    """How wide ``text`` is drawn, near enough to decide on wrapping."""
    return sum(WIDE_CHAR_PX if unicodedata.east_asian_width(c) in "WF" else NARROW_CHAR_PX for c in text)


def fit_text_column(table: pd.DataFrame, column: str, width_px: int) -> TableFit:
    """``column`` at most ``width_px`` wide, its text wrapped onto as many lines as its
    longest cell needs; the grid's own sizes when every cell fits on one line."""
    room = width_px - CELL_PADDING_PX
    longest = max((text_px(str(value)) for value in table[column]), default=0)
    if longest <= room:
        return TableFit()
    # Words wrap whole, so a line holds less than its full width: a tenth is kept spare.
    lines = max(math.ceil(1.1 * longest / room), 2)
    return TableFit({column: width_px}, max(WRAPPING_ROW_PX, lines * LINE_PX + 12))
