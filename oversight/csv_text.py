"""Texts in the CSV files the app writes stay texts: never a formula a spreadsheet runs.

A CSV opened in Excel or WPS runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula; the audit trail holds what users typed (a unit's note, a username), so such a
text is written with a leading ``'``, which the spreadsheet shows as the text it was.
The Excel workbooks the app writes keep such texts by the cell's type instead.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@")
"""What a spreadsheet reads as the start of a formula."""


def inert(value: Any) -> Any:
    """``value``, with a ``'`` before it if it is a text that starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV (UTF-8 with the byte-order mark Excel needs to read Chinese), every
    text cell inert, the header too."""
    safe = frame.map(inert)
    safe.columns = [inert(column) for column in frame.columns]
    return safe.to_csv(index=False).encode("utf-8-sig")
