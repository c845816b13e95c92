"""The circular as a Word document (python-docx) in the national form of Party and
government documents, GB/T 9704-2012 (``docs/circular.md`` says how each rule is met).

A4 with the standard's margins (top 37 mm, left 28 mm, a 156 × 225 mm text block); the
head: the office's mark in red, the document number in 〔〕 and a red line; the title in
方正小标宋简体 2号; the addressees; the body in 仿宋_GB2312 3号 at a fixed 28 pt line,
first lines indented two characters, headings 一、(黑体) （一）(楷体_GB2312) 1.(仿宋, bold);
tables with their titles above; the chart as a picture; the 附件 line; the office and
date right-aligned four characters in; the annex after a page break; the imprint (版记)
between lines; page numbers "— 1 —" in 宋体 4号, odd pages right, even pages left.  Every
run names its East Asian font (``w:eastAsia``), so Word and WPS use the Chinese face.
A draft (no issue yet) says so on its number line and carries a 征求意见稿 mark.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from oversight.circular.addressees import addressees, county_kinds
from oversight.circular.chart import stage_chart_png
from oversight.circular.content import (
    Circular,
    annex_entries,
    county_bands,
    county_table,
    list_lines,
    office_of,
    overview_paragraphs,
    ranking_intros,
    requirement_paragraphs,
    section_heading,
    title,
    unit_table,
    units_by_rank,
)
from oversight.circular.packaging import fixed_zip, moment
from oversight.circular.problems import problem_text
from oversight.formatting import format_date, format_month, text_width
from oversight.i18n import translate
from oversight.palette import BAND_FILLS, DOCUMENT_INK, HEADER_FILL, LIST_FILLS, OFFICIAL_RED

LANG = "zh"
XIAOBIAOSONG, FANGSONG, KAITI, HEITI, SONGTI = "方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"
FONTS = (XIAOBIAOSONG, FANGSONG, KAITI, HEITI, SONGTI)
"""The faces the document names; the recipients' WPS or Office have them (the PDF made
here maps them to free substitutes: :mod:`oversight.circular.pdf`)."""
SIZE_2, SIZE_3, SIZE_4, SIZE_TABLE = Pt(22), Pt(16), Pt(14), Pt(10.5)
"""2号, 3号, 4号, and 五号 for the ranking tables (nine columns in 156 mm)."""
MARK_MAX = Pt(36)
"""The office mark's size when its name fits the line at that size (小初)."""
LINE = Pt(28)
"""Fixed line spacing: 22 lines in the 225 mm text block."""
TEXT_WIDTH = Mm(156)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT, RIGHT, BOTTOM = Mm(37), Mm(28), Mm(26), Mm(35)
"""Margins: the standard's top and binding margins, the rest from the 156 × 225 block."""
LATIN_EM = 0.6
"""A Latin letter or digit of the substituted faces, in ems (a Chinese character, two
letters of :func:`oversight.formatting.text_width`, is 1.2 em: a little air)."""
CELL_PADDING = Pt(12)
"""A table cell's left and right margins together (Word's default 0.19 cm each) and a
little air."""
INDENT = Pt(32)
"""Two characters of 3号."""


def write_docx(circular: Circular) -> bytes:
    """The Word file's bytes."""
    document = Document()
    _page(document)
    _head(document, circular)
    _paragraph(
        document, title(circular, LANG), XIAOBIAOSONG, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    _paragraph(document, "", FANGSONG, SIZE_3, indent=False)
    _paragraph(document, addressees(circular.ranking, LANG), FANGSONG, SIZE_3, indent=False)
    region, month = circular.ranking.region_zh, format_month(circular.ranking.month, LANG)
    _paragraph(document, translate("circular.opening", LANG, month=month, region=region), FANGSONG, SIZE_3)

    _heading(document, section_heading("overview", LANG))
    paragraphs = overview_paragraphs(circular, LANG)
    _paragraph(document, paragraphs[0], FANGSONG, SIZE_3)
    _chart(document, circular)
    for text in paragraphs[1:]:
        _paragraph(document, text, FANGSONG, SIZE_3)

    _heading(document, section_heading("ranking", LANG))
    counties_intro, units_intro = ranking_intros(circular, LANG)
    _subheading(document, f"（一）{translate('circular.section.ranking_counties', LANG)}")
    _paragraph(document, counties_intro, FANGSONG, SIZE_3)
    headers, rows = county_table(circular, LANG)
    _table_title(document, translate("circular.table.counties", LANG, month=month))
    table = _table(document, headers, rows)
    _shade_column(
        table,
        headers.index(translate("circular.column.band", LANG)),
        [BAND_FILLS[b] for b in county_bands(circular)],
    )
    _subheading(document, f"（二）{translate('circular.section.ranking_units', LANG)}")
    _paragraph(document, units_intro, FANGSONG, SIZE_3)
    headers, rows = unit_table(circular, LANG)
    _table_title(document, translate("circular.table.units", LANG, month=month))
    table = _table(document, headers, rows)
    units = units_by_rank(circular)
    _shade_column(
        table, headers.index(translate("circular.column.band", LANG)), [BAND_FILLS[u.band] for u in units]
    )
    _shade_column(
        table,
        headers.index(translate("circular.column.list", LANG)),
        [LIST_FILLS.get(u.listing or "") for u in units],
    )

    _heading(document, section_heading("lists", LANG))
    for line in list_lines(circular, LANG):
        _paragraph(document, line, FANGSONG, SIZE_3)

    _heading(document, section_heading("problems", LANG))
    if not circular.problems:
        _paragraph(document, translate("circular.problem.none", LANG), FANGSONG, SIZE_3)
    for number, problem in enumerate(circular.problems, 1):
        _led(document, f"{number}.", problem_text(problem, LANG), FANGSONG, bold=True)

    _heading(document, section_heading("requirements", LANG))
    for text in requirement_paragraphs(circular):
        if text.startswith("（"):
            _led(document, "", text, KAITI, bold=False)
        else:
            _paragraph(document, text, FANGSONG, SIZE_3)

    _paragraph(document, "", FANGSONG, SIZE_3)
    annex = translate("circular.annex", LANG)
    _paragraph(document, translate("circular.annex_line", LANG, name=annex), FANGSONG, SIZE_3)
    _signature(document, circular)
    _annex(document, circular, annex)
    _imprint(document, circular)
    _page_numbers(document)
    made = moment(circular)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = (
        title(circular, LANG),
        office_of(circular),
        "",
    )
    properties.created = properties.modified = made
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue(), made)


# --- page and head ---------------------------------------------------------------------


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    normal = document.styles["Normal"]
    normal.font.size = SIZE_3
    _font_names(normal.element.get_or_add_rPr(), FANGSONG)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)


def _head(document, circular: Circular) -> None:
    """版头: (a draft's 征求意见稿 mark), the red office mark, the number, the red line."""
    if circular.issue is None:
        _paragraph(document, translate("circular.draft_mark", LANG), HEITI, SIZE_3, indent=False)
    office = office_of(circular)
    size = Pt(min(MARK_MAX.pt, int(TEXT_WIDTH.pt / max(len(office), 1))))
    mark = _paragraph(
        document,
        office,
        XIAOBIAOSONG,
        size,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        colour=OFFICIAL_RED,
    )
    mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    mark.paragraph_format.space_before = Pt(12)
    mark.paragraph_format.space_after = Pt(24)
    number = circular.issue.number if circular.issue else translate("circular.draft_number", LANG)
    line = _paragraph(document, number, FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    line.paragraph_format.space_after = Pt(6)
    _border(line, "bottom", OFFICIAL_RED, 12)
    _paragraph(document, "", FANGSONG, SIZE_3, indent=False)


# --- text ------------------------------------------------------------------------------


def _font_names(rpr, east_asian: str) -> None:
    """Name the face for every script: Latin, complex and East Asian (``w:eastAsia``)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), east_asian)


def _run(paragraph: Paragraph, text: str, font: str, size, bold: bool = False, colour: str = DOCUMENT_INK):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(colour.removeprefix("#").upper())
    _font_names(run._element.get_or_add_rPr(), font)
    return run


def _paragraph(
    document,
    text: str,
    font: str,
    size,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    bold: bool = False,
    colour: str = DOCUMENT_INK,
) -> Paragraph:
    paragraph = document.add_paragraph()
    _fixed(paragraph, indent)
    paragraph.alignment = align
    if text:
        _run(paragraph, text, font, size, bold, colour)
    return paragraph


def _fixed(paragraph: Paragraph, indent: bool) -> None:
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE
    layout.space_before = layout.space_after = Pt(0)
    if indent:
        layout.first_line_indent = INDENT


def _heading(document, text: str) -> None:
    """一、 level: 黑体 3号, indented as body text."""
    _paragraph(document, text, HEITI, SIZE_3)


def _subheading(document, text: str) -> None:
    """（一） level: 楷体_GB2312 3号."""
    _paragraph(document, text, KAITI, SIZE_3)


def _led(document, number: str, text: str, lead_font: str, bold: bool) -> None:
    """A paragraph led by its heading: the number and the first sentence in ``lead_font``
    (1. in bold 仿宋, （一） in 楷体), the rest as body text."""
    head, stop, rest = text.partition("。")
    paragraph = _paragraph(document, "", FANGSONG, SIZE_3)
    _run(paragraph, f"{number}{head}{stop}", lead_font, SIZE_3, bold=bold)
    if rest:
        _run(paragraph, rest, FANGSONG, SIZE_3)


def _border(paragraph: Paragraph, side: str, colour: str, eighths: int) -> None:
    """A line along one side of the paragraph, ``eighths`` of a point thick."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), colour.removeprefix("#").upper())
    borders.append(line)


# --- tables and the chart ----------------------------------------------------------------


def _table_title(document, text: str) -> None:
    title_paragraph = _paragraph(document, text, HEITI, SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    title_paragraph.paragraph_format.space_before = Pt(6)


def _table(document, headers: Sequence[str], rows: Sequence[Sequence]) -> Table:
    """A horizontal table in 五号 仿宋, the header row shaded, bold and repeated on every
    page the table runs to."""
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Row by row: ``table.cell`` walks the whole table at every call, quadratic for a
    # city's 441 units.
    table_rows = table.rows
    for cell, text in zip(table_rows[0].cells, headers, strict=True):
        _cell_text(cell, str(text), bold=True)
        _shade(cell, HEADER_FILL)
    header = table_rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for table_row, row in zip(table_rows[1:], rows, strict=True):
        for cell, value in zip(table_row.cells, row, strict=True):
            _cell_text(cell, "" if value is None else str(value))
    _widths(table, headers, rows)
    _paragraph(document, "", FANGSONG, SIZE_3, indent=False)
    return table


def _widths(table: Table, headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Columns as wide as their longest text needs at 五号 (a header of more than four
    characters may wrap onto two lines), the room left over shared in proportion.  When
    the texts need more than the block, the widest columns give way (their texts wrap),
    never the narrow ones of ranks and scores."""
    letter = SIZE_TABLE.pt * LATIN_EM
    needs = [max(min(text_width(str(h)), 8), text_width(str(h)) / 2) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            needs[i] = max(needs[i], text_width(str(value)))
    points = [need * letter + CELL_PADDING.pt for need in needs]
    room = TEXT_WIDTH.pt
    if sum(points) > room:
        cap = _cap(points, room)
        points = [min(p, cap) for p in points]
    points = [p * room / sum(points) for p in points]
    table.autofit = False
    for i, want in enumerate(points):
        width = Pt(want)
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width


def _cap(points: Sequence[float], room: float) -> float:
    """The width no column may pass so that the columns fill ``room`` exactly."""
    ordered = sorted(points)
    for count, point in enumerate(ordered):
        wider = len(ordered) - count
        cap = (room - sum(ordered[:count])) / wider
        if cap <= point:
            return cap
    return ordered[-1]


def _cell_text(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
    _run(paragraph, text, FANGSONG, SIZE_TABLE, bold=bold)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.removeprefix("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def _shade_column(table: Table, index: int, colours: Sequence[str | None]) -> None:
    for row, colour in zip(table.rows[1:], colours, strict=True):
        if colour is not None:
            _shade(row.cells[index], colour)


def _chart(document, circular: Circular) -> None:
    if not circular.figures.counties:
        return
    paragraph = _paragraph(document, "", FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.add_run().add_picture(io.BytesIO(stage_chart_png(circular.figures, LANG)), width=TEXT_WIDTH)


# --- signature, annex, imprint, page numbers ---------------------------------------------


def _issued_on(circular: Circular) -> str:
    """The date in Arabic numerals; a draft leaves it to be filled in."""
    if circular.issue is None:
        return "    年  月  日"
    return format_date(circular.issue.issued_on, LANG)


def _signature(document, circular: Circular) -> None:
    """The office and the date, right-aligned with four characters of space."""
    _paragraph(document, "", FANGSONG, SIZE_3)
    _paragraph(document, "", FANGSONG, SIZE_3)
    for text in (office_of(circular), _issued_on(circular)):
        paragraph = _paragraph(document, text, FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        paragraph.paragraph_format.right_indent = 2 * INDENT


def _annex(document, circular: Circular, name: str) -> None:
    """After a page break: 附件 at the top left, the annex's title, then every unit by rank."""
    breaker = _paragraph(document, "", FANGSONG, SIZE_3, indent=False)
    breaker.add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "附件", HEITI, SIZE_3, indent=False)
    _paragraph(document, "", FANGSONG, SIZE_3, indent=False)
    _paragraph(document, name, XIAOBIAOSONG, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(document, "", FANGSONG, SIZE_3, indent=False)
    if not circular.ranking.units:
        _paragraph(document, translate("circular.no_units", LANG), FANGSONG, SIZE_3)
    for entry in annex_entries(circular, LANG):
        _paragraph(document, entry.heading, FANGSONG, SIZE_3, bold=True)
        _paragraph(document, "".join(entry.components), FANGSONG, SIZE_3)
        for text in (*entry.facts, entry.vetoes, entry.lifts):
            if text:
                _paragraph(document, text, FANGSONG, SIZE_3)


def _imprint(document, circular: Circular) -> None:
    """版记: 抄送, then the printing office and date, between lines (the first and last
    thick, the one between thin)."""
    _paragraph(document, "", FANGSONG, SIZE_3, indent=False)
    region = circular.ranking.region_zh
    cc = _paragraph(document, "", FANGSONG, SIZE_4, indent=False)
    cc.paragraph_format.left_indent = cc.paragraph_format.right_indent = Pt(14)
    _run(cc, translate("circular.cc", LANG), FANGSONG, SIZE_4)
    _run(
        cc,
        f"{region}安全生产委员会办公室，各{county_kinds(circular.ranking, LANG)}人民政府。",
        FANGSONG,
        SIZE_4,
    )
    _border(cc, "top", DOCUMENT_INK, 8)
    _border(cc, "bottom", DOCUMENT_INK, 4)
    printed = _paragraph(document, "", FANGSONG, SIZE_4, indent=False)
    printed.paragraph_format.left_indent = printed.paragraph_format.right_indent = Pt(14)
    printed.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH - Pt(14), alignment=2)  # right
    _run(printed, f"{office_of(circular)}办公室\t", FANGSONG, SIZE_4)
    _run(
        printed,
        translate("circular.printed_on", LANG, date=_issued_on(circular).strip() or "  年  月  日"),
        FANGSONG,
        SIZE_4,
    )
    _border(printed, "bottom", DOCUMENT_INK, 8)


def _page_numbers(document) -> None:
    """— 1 — in 宋体 4号: odd pages at the right, even at the left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(14)
        else:
            paragraph.paragraph_format.left_indent = Pt(14)
        _run(paragraph, "— ", SONGTI, SIZE_4)
        _page_field(paragraph)
        _run(paragraph, " —", SONGTI, SIZE_4)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: Word and LibreOffice put the page's number in it."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", SONGTI, SIZE_4)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text
