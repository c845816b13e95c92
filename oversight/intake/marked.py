"""An upload handed back with what is wrong marked on it, for the clerk who has to fix it.

One workbook for the whole upload: first a sheet listing every problem (file, sheet,
row, column, value, what is wrong, linked to its cell), then a copy of each readable
sheet of each file, named "<file>·<sheet>", with every cell that has a problem filled
rose and the problem as the cell's comment.  A file that could not be read at all is only listed.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from oversight.formatting import text_width
from oversight.i18n import translate
from oversight.intake.kinds import INSTRUCTIONS_SHEET
from oversight.intake.problems import IntakeRefused, Problem, problem_text
from oversight.intake.workbook import Row, read_sheets
from oversight.palette import HEADER_FILL, PROBLEM_FILL
from oversight.spreadsheet_text import as_text

TITLE_CHARACTERS = 31
"""The longest sheet name Excel takes."""

LIST_COLUMNS = ("file", "sheet_column", "row", "column", "value", "problem")
"""The columns of the problem list, each headed by ``intake.marked.<column>``."""

HEADER_ROWS = 10
"""How far down a sheet its header row is looked for, to find a column named by its header."""

_NOT_IN_TITLES = re.compile(r"[\[\]:*?/\\]")
_LETTERS = re.compile(r"[A-Z]{1,3}")
_COMMENT_AUTHOR = "安全社区建设监管平台"


def marked_workbook(
    files: Sequence[tuple[str, bytes]], problems: Sequence[Problem], lang: str = "zh"
) -> bytes:
    """The .xlsx handing ``files`` back with ``problems`` marked, in ``lang``."""
    book = Workbook()
    listing = book.active
    _list_problems(listing, problems, lang)
    at: dict[tuple[str, str | None], list[tuple[int, Problem]]] = defaultdict(list)
    for index, problem in enumerate(problems):
        at[problem.file, problem.sheet].append((index, problem))
    titles = {listing.title}
    for name, data in files:
        try:
            workbook, _ = read_sheets(name, data)
        except IntakeRefused:
            continue  # nothing to copy: the list says why
        for sheet_name, rows in workbook.sheets.items():
            if sheet_name == INSTRUCTIONS_SHEET:
                continue
            sheet = book.create_sheet(_title(name, sheet_name, titles))
            _copy(sheet, rows)
            for index, problem in at[name, sheet_name]:
                cell = _mark(sheet, rows, problem, lang)
                if cell is not None:  # the listed problem links to its marked cell
                    link = listing.cell(index + 2, LIST_COLUMNS.index("problem") + 1)
                    link.hyperlink = Hyperlink(ref="", location=f"'{sheet.title}'!{cell}")
                    link.style = "Hyperlink"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _list_problems(sheet: Worksheet, problems: Sequence[Problem], lang: str) -> None:
    sheet.title = translate("intake.marked.sheet", lang)
    header = [translate(f"intake.marked.{column}", lang) for column in LIST_COLUMNS]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _fill(HEADER_FILL)
    for problem in problems:
        sheet.append(
            [
                problem.file,
                problem.sheet,
                problem.row,
                problem.column,
                problem.value,
                problem_text(problem, lang),
            ]
        )
        as_text(sheet.cell(sheet.max_row, LIST_COLUMNS.index("value") + 1))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.iter_cols(values_only=True)):
        widest = max(text_width(str(value)) for value in column if value is not None)
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(widest + 2, 80)


def _title(file: str, sheet: str, taken: set[str]) -> str:
    """ "<file>·<sheet>" without the file's extension, cut to Excel's 31 characters, and
    numbered when two files' sheets would otherwise share a name."""
    stem = re.sub(r"\.xls[xm]?$", "", file, flags=re.IGNORECASE)
    title = _NOT_IN_TITLES.sub("_", f"{stem}·{sheet}")[:TITLE_CHARACTERS]
    number = 1
    while title.lower() in {t.lower() for t in taken}:
        number += 1
        suffix = f"({number})"
        title = title[: TITLE_CHARACTERS - len(suffix)] + suffix
    taken.add(title)
    return title


def _copy(sheet: Worksheet, rows: list[Row]) -> None:
    for number, values in rows:
        for index, value in enumerate(values, start=1):
            if value is not None:
                as_text(sheet.cell(number, index, value))  # shows what was uploaded, calculates nothing


def _mark(sheet: Worksheet, rows: list[Row], problem: Problem, lang: str) -> str | None:
    """Fill the problem's cell and add the problem to its comment; a problem of a whole
    row marks the row's first cell, one of a whole sheet is only listed.  The cell marked
    (its coordinate), if any."""
    if problem.row is None:
        return None
    column = _column(rows, problem) or 1
    cell = sheet.cell(problem.row, column)
    cell.fill = _fill(PROBLEM_FILL)
    text = problem_text(problem, lang)
    if cell.comment is not None:
        text = f"{cell.comment.text}\n{text}"
    cell.comment = Comment(text, _COMMENT_AUTHOR, width=320, height=120)
    return cell.coordinate


def _column(rows: list[Row], problem: Problem) -> int | None:
    """The 1-based column a problem names: by its header (in the rows above the problem's
    row), else by its letter."""
    if problem.column is None:
        return None
    for number, values in rows[:HEADER_ROWS]:
        if number >= problem.row:
            break
        for index, value in enumerate(values, start=1):
            if value is not None and str(value).strip() == problem.column:
                return index
    if _LETTERS.fullmatch(problem.column):
        return column_index_from_string(problem.column)
    return None


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor="FF" + colour.removeprefix("#").upper())
