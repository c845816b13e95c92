"""The one way an uploaded workbook is opened: as values, row by row, read-only.

:func:`read_workbook` gives every sheet's rows with their Excel row numbers, so a problem
can say which row.  It is the only code that hands upload bytes to openpyxl.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import load_workbook

Row = tuple[int, tuple]
"""An Excel row number (1-based) and the row's values, left to right."""


@dataclass(frozen=True)
class Workbook:
    """An uploaded workbook's sheets, in the file's order, each as its rows."""

    name: str
    sheets: dict[str, list[Row]]

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)


def read_workbook(name: str, data: bytes) -> Workbook:
    """``data`` (an .xlsx file called ``name``) as a :class:`Workbook`.

    Read-only and without evaluating anything: a formula comes back as its text (=A1+1),
    so a check can refuse it where a value belongs."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheets = {
            sheet.title: [
                (number, tuple(values))
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
            ]
            for sheet in book.worksheets
        }
    finally:
        book.close()
    return Workbook(name, sheets)
