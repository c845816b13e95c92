"""Texts in the workbooks the app writes stay texts: never a formula a spreadsheet runs.

A unit, a person or a note may be named ``=HYPERLINK(...)``, ``+1+1``, ``-2`` or ``@SUM``;
written as is, ``=...`` becomes a formula (openpyxl stores it as one) and the others one
the moment a clerk edits the cell.  Every writer (the templates, the circular, the upload
handed back marked) passes its cells through :func:`as_text`, or its finished workbook
through :func:`texts_as_text`: such a text is stored as a string with Excel's quote
prefix (the ``'`` a user types to keep text as text).  Numbers, negative ones included,
stay numbers.
"""

from __future__ import annotations

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
