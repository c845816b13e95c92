"""Texts in the workbooks and CSV files the app writes stay texts: never a formula a
spreadsheet runs.

A unit, a person or a note may be named ``=HYPERLINK(...)``, ``+1+1``, ``-2`` or ``@SUM``;
written as is, ``=...`` becomes a formula (openpyxl stores it as one) and the others one
the moment a clerk edits the cell.  Every writer (the templates, the circular, the upload
handed back marked) passes its cells through :func:`as_text`, or its finished workbook
through :func:`texts_as_text`: such a text is stored as a string with Excel's quote
prefix (the ``'`` a user types to keep text as text).  Numbers, negative ones included,
stay numbers.  A CSV has no cell types: there such a text is written with a leading ``'``
(:func:`inert`), which Excel and WPS show as the text it was.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@")
"""What a spreadsheet reads as the start of a formula."""


def as_text(cell: Cell) -> Cell:
    """Keep ``cell``'s value, if it is a text that starts like a formula, as that text."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def texts_as_text(book: Workbook) -> None:
    """:func:`as_text` for every cell of every sheet of a (not write-only) workbook."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                as_text(cell)


def inert(value: Any) -> Any:
    """``value``, with a ``'`` before it if it is a text that starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV, every text cell inert, the header too."""
    safe = frame.map(inert)
    safe.columns = [inert(column) for column in frame.columns]
    return safe.to_csv(index=False)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """:func:`csv_text` in UTF-8 with the byte-order mark Excel needs to read Chinese."""
    return csv_text(frame).encode("utf-8-sig")
