"""A text that starts like a formula stays text in every workbook the app writes
(oversight/spreadsheet_text.py): here the helper and the upload handed back marked; the
templates in tests/data_access/test_spreadsheet_text.py, the circular in
tests/oversight/test_circular_xlsx.py."""

from __future__ import annotations

import io

import openpyxl
import pytest

from oversight.intake.marked import marked_workbook
from oversight.spreadsheet_text import as_text, texts_as_text

LOOKS_LIKE_FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", '=HYPERLINK("http://x","点此")']


def round_trip(book: openpyxl.Workbook) -> openpyxl.Workbook:
    out = io.BytesIO()
    book.save(out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize("text", LOOKS_LIKE_FORMULAS)
def test_a_text_like_a_formula_is_read_back_as_that_text(text):
    book = openpyxl.Workbook()
    book.active.append([text, -5, -2.5, "街道=1", "- 说明"])
    texts_as_text(book)
    cells = round_trip(book).active[1]
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix) == (text, "s", True)
    # Negative numbers stay numbers; a text with "=" inside, or an ordinary text, is untouched.
    assert [(c.value, c.data_type) for c in cells[1:3]] == [(-5, "n"), (-2.5, "n")]
    assert (cells[3].value, cells[3].data_type, cells[3].quotePrefix) == ("街道=1", "s", False)
    assert (cells[4].value, cells[4].quotePrefix) == ("- 说明", True)


def test_without_the_guard_openpyxl_writes_a_formula():
    """Why the guard is needed: the same cell, not passed through it, is a formula."""
    book = openpyxl.Workbook()
    book.active["A1"] = "=1+1"
    assert round_trip(book).active["A1"].data_type == "f"
    as_text(book.active["A1"])
    assert round_trip(book).active["A1"].data_type == "s"


def test_the_upload_handed_back_keeps_what_the_clerk_typed_as_text():
    upload = openpyxl.Workbook()
    sheet = upload.active
    sheet.title = "月报"
    sheet.append(["单位代码", "单位名称", "隐患整改资金（万元）"])
    sheet.append(["U11", "+1+1", -3])
    sheet["A3"] = "@x"
    out = io.BytesIO()
    upload.save(out)
    marked = openpyxl.load_workbook(io.BytesIO(marked_workbook([("u.xlsx", out.getvalue())], [])))
    copy = marked["u·月报"]
    assert (copy["B2"].value, copy["B2"].data_type, copy["B2"].quotePrefix) == ("+1+1", "s", True)
    assert (copy["A3"].value, copy["A3"].quotePrefix) == ("@x", True)
    assert (copy["C2"].value, copy["C2"].data_type) == (-3, "n")
