"""The circular as an Excel workbook (openpyxl): a sheet per section, for staff who sort,
check and reuse the figures.

Every sheet has a styled header row, frozen and repeated on every printed page; columns
as wide as their longest text (a Chinese character counting two,
:func:`oversight.formatting.text_width`); score bands and lists coloured from
:mod:`oversight.palette`; A4, fitted to the page's width, landscape when the sheet is
wide.  A text that starts with ``=``, ``+``, ``-`` or ``@`` (a unit named "=SUM(A1)") is
written as text, never as a formula (``oversight/spreadsheet_text.py``; ``docs/circular.md``,
"The formula guard").
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from oversight.circular.content import (
    Circular,
    annex_entries,
    change_text,
    county_bands,
    county_table,
    requirement_paragraphs,
    title,
    unit_table,
    units_by_rank,
)
from oversight.circular.figures import OUTCOMES, stage_columns
from oversight.circular.packaging import fixed_zip, moment
from oversight.circular.problems import problem_text
from oversight.formatting import text_width
from oversight.i18n import translate
from oversight.palette import BAND_FILLS, HEADER_FILL, LIST_FILLS
from oversight.spreadsheet_text import as_text

LANG = "zh"
MAX_WIDTH = 80
"""Widest column, in Latin letters; longer texts wrap."""
LANDSCAPE_WIDTH = 110
"""A sheet whose columns add up to more than this prints landscape."""
FONT_NAME = "宋体"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER, TEXT, NUMBER = "表头", "表格文字", "表格数字"
"""The workbook's cell styles (Excel's 单元格样式), defined once and named by every cell:
the header row's, a text's (wrapped), a number's."""


def _named_styles() -> list[NamedStyle]:
    header = NamedStyle(
        HEADER,
        font=Font(name=FONT_NAME, bold=True),
        fill=PatternFill("solid", fgColor=_argb(HEADER_FILL)),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        border=_BORDER,
    )
    text = NamedStyle(
        TEXT, font=Font(name=FONT_NAME), alignment=Alignment(vertical="top", wrap_text=True), border=_BORDER
    )
    number = NamedStyle(
        NUMBER,
        font=Font(name=FONT_NAME),
        alignment=Alignment(vertical="top", wrap_text=False),
        border=_BORDER,
    )
    shaded = [
        NamedStyle(
            name,
            font=Font(name=FONT_NAME),
            fill=PatternFill("solid", fgColor=_argb(colour)),
            alignment=Alignment(vertical="top", wrap_text=True),
            border=_BORDER,
        )
        for name, colour in _shaded_styles().items()
    ]
    return [header, text, number, *shaded]


def _shaded_styles() -> dict[str, str]:
    """The styles of a band's or a list's cell (a text on its palette colour), named for
    it (优秀, 良好, 达标, 不达标, 红榜, 黑榜), and their colours."""
    return {_band(b): BAND_FILLS[b] for b in BAND_FILLS} | {
        _listing(name): LIST_FILLS[name] for name in LIST_FILLS
    }


def _band(band: str) -> str:
    return _t(f"ranking.band.{band}")


def _listing(listing: str | None) -> str | None:
    return _t(f"ranking.list.{listing}") if listing else None


def write_xlsx(circular: Circular) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    book.remove(book.active)
    for style in _named_styles():
        book.add_named_style(style)
    _overview(book.create_sheet(_t("circular.sheet.overview")), circular)
    headers, rows = county_table(circular, LANG)
    sheet = book.create_sheet(_t("circular.sheet.counties"))
    _table(sheet, headers, rows)
    _fill_column(sheet, headers.index(_t("circular.column.band")), [_band(b) for b in county_bands(circular)])
    headers, rows = unit_table(circular, LANG)
    sheet = book.create_sheet(_t("circular.sheet.units"))
    _table(sheet, headers, rows)
    units = units_by_rank(circular)
    _fill_column(sheet, headers.index(_t("circular.column.band")), [_band(u.band) for u in units])
    _fill_column(sheet, headers.index(_t("circular.column.list")), [_listing(u.listing) for u in units])
    _lists(book.create_sheet(_t("circular.sheet.lists")), circular)
    numbered = [[i, problem_text(p, LANG)] for i, p in enumerate(circular.problems, 1)]
    _table(
        book.create_sheet(_t("circular.sheet.problems")),
        [_t("circular.column.item"), _t("circular.column.text")],
        numbered or [["", _t("circular.problem.none")]],
    )
    _table(
        book.create_sheet(_t("circular.sheet.requirements")),
        [_t("circular.column.item"), _t("circular.column.text")],
        [[i, text] for i, text in enumerate(requirement_paragraphs(circular), 1)],
    )
    _annex(book.create_sheet(_t("circular.sheet.annex")), circular)
    made = moment(circular)
    book.properties.title = title(circular, LANG)
    book.properties.created = book.properties.modified = made
    out = io.BytesIO()
    book.save(out)
    return fixed_zip(out.getvalue(), made)


def _t(key: str, **values: object) -> str:
    return translate(key, LANG, **values)


def _overview(sheet: Worksheet, circular: Circular) -> None:
    """The headline figures (本月, 环比, 同比, 本年累计, 本年同比), then each county's units
    by stage and subsidy."""
    f = circular.figures
    headers = [
        _t("circular.column.figure"),
        _t("circular.column.month"),
        _t("circular.column.month_on_month"),
        _t("circular.column.year_on_year"),
        _t("circular.column.year"),
        _t("circular.column.year_on_year"),
    ]
    rows: list[list] = [
        [
            _t(f"circular.outcome.reports_{name}"),
            getattr(f.reports_month, name),
            "",
            "",
            getattr(f.reports_year, name),
            "",
        ]
        for name in ("owed", "on_time", "late", "missing")
    ]
    for code in OUTCOMES:
        o = f.outcome(code)
        rows.append(
            [
                _t(f"circular.outcome.{code}"),
                o.month,
                change_text(o.month_on_month, LANG),
                change_text(o.year_on_year, LANG),
                o.year_to_date,
                change_text(o.year_to_date_on_year, LANG),
            ]
        )
    widths = _table(sheet, headers, rows)
    stages = stage_columns(f)
    county_headers = [
        _t("circular.column.county"),
        _t("circular.column.units"),
        *(stage.name_zh for stage in stages),
        _t("circular.column.allocated"),
        _t("circular.column.disbursed"),
    ]
    county_rows = [
        [
            c.name_zh,
            c.units,
            *({s.code: s.units for s in c.stages}.get(stage.code, 0) for stage in stages),
            round(c.allocated / 10000, 2),
            round(c.disbursed / 10000, 2),
        ]
        for c in f.counties
    ]
    _table(sheet, county_headers, county_rows, first_row=len(rows) + 3, above=widths)


def _lists(sheet: Worksheet, circular: Circular) -> None:
    headers = [
        _t("circular.column.list"),
        _t("circular.column.rank"),
        _t("circular.column.unit"),
        _t("circular.column.county"),
        _t("circular.column.total"),
        _t("circular.column.again"),
        _t("circular.column.times"),
    ]
    listed = [u for listing in ("red", "black") for u in units_by_rank(circular) if u.listing == listing]
    rows = [
        [
            _t(f"ranking.list.{u.listing}"),
            u.rank,
            u.unit_zh,
            u.county_zh,
            round(u.total, 2),
            _t("circular.again_yes") if u.listed_again else "",
            u.times_listed,
        ]
        for u in listed
    ]
    _table(sheet, headers, rows)
    _fill_column(sheet, 0, [_listing(u.listing) for u in listed])


def _annex(sheet: Worksheet, circular: Circular) -> None:
    headers = [
        _t("circular.column.rank"),
        _t("circular.column.unit"),
        _t("circular.column.county"),
        _t("circular.column.total"),
        _t("circular.column.band"),
        _t("circular.column.component"),
        _t("circular.column.facts"),
        _t("circular.column.vetoes"),
        _t("circular.column.lifts"),
    ]
    units = units_by_rank(circular)
    rows = [
        [
            u.rank,
            u.unit_zh,
            u.county_zh,
            round(u.total, 2),
            _t(f"ranking.band.{u.band}"),
            "\n".join(entry.components),
            "\n".join(entry.facts),
            entry.vetoes or "",
            entry.lifts or "",
        ]
        for u, entry in zip(units, annex_entries(circular, LANG), strict=True)
    ]
    _table(sheet, headers, rows)
    _fill_column(sheet, 4, [_band(u.band) for u in units])


def _table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence],
    first_row: int = 1,
    above: Sequence[float] = (),
) -> list[float]:
    """Headers and rows from ``first_row``, styled, columns as wide as their texts (and
    at least ``above``, the widths of a table higher on the sheet); the first table of a
    sheet sets its frozen and printed header row.  Returns the column widths."""
    for column, text in enumerate(headers, 1):
        cell = sheet.cell(first_row, column)
        cell.style = HEADER
        _set(cell, text)
    for r, row in enumerate(rows, first_row + 1):
        for column, value in enumerate(row, 1):
            cell = sheet.cell(r, column)
            cell.style = TEXT if isinstance(value, str) else NUMBER
            _set(cell, value)
    widths = [float(text_width(str(h))) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            longest = max((text_width(line) for line in str(value).splitlines()), default=0)
            widths[i] = max(widths[i], longest)
    widths = [min(width + 2, MAX_WIDTH) for width in widths]
    widths = [max(w, above[i]) if i < len(above) else w for i, w in enumerate(widths)]
    widths += list(above[len(widths) :])
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
    if first_row == 1:
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if sum(widths) > LANDSCAPE_WIDTH else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return widths


def _set(cell, value) -> None:
    """Write ``value``; a text a spreadsheet would read as a formula stays text."""
    cell.value = value
    as_text(cell)


def _fill_column(sheet: Worksheet, index: int, styles: Sequence[str | None], first_row: int = 2) -> None:
    """Give the cells of the 0-based column ``index`` from ``first_row`` their band's or
    list's style (:func:`_shaded_styles`), one per row (None: left as they are)."""
    for offset, style in enumerate(styles):
        if style is not None:
            cell = sheet.cell(first_row + offset, index + 1)
            prefix = cell.quotePrefix
            cell.style = style
            cell.quotePrefix = prefix


def _argb(colour: str) -> str:
    """A palette colour as openpyxl writes it: opaque, hex digits without the hash."""
    return "FF" + colour.removeprefix("#").upper()
