"""The circular as a Word document (python-docx) in the national form of Party and
government documents, GB/T 9704-2012 (``docs/circular.md`` says how each rule is met).

A4 with the standard's margins (top 37 mm, left 28 mm, a 156 × 225 mm text block); the
head: the office's mark in red, the document number in 〔〕 and a red line; the title in
方正小标宋简体 2号; the addressees; the body in 仿宋_GB2312 3号 at a fixed 28 pt line,
first lines indented two characters, headings 一、(黑体) （一）(楷体_GB2312) 1.(仿宋, bold);
tables with their titles above; the chart as a picture; the 附件 line; the office and
date right-aligned four characters in; the annex, one table of every unit, on landscape
pages of its own section; the imprint (版记) between lines on a last portrait page; page
numbers "— 1 —" in 宋体 4号, odd pages right, even pages left.
A draft (no issue yet) says so on its number line and carries a 征求意见稿 mark.

The form lives in the document's styles, defined once (:data:`STYLES`): 正文 (Word's
Normal) and the styles based on it, each naming its East Asian face (``w:eastAsia``) so
Word and WPS use the Chinese one.  A paragraph carries only its style and a run only its
character style (the bold lead of a problem, the 楷体 lead of a requirement): what an
official who edits the file expects to find in Word's style list, and what makes a city's
circular of thousands of paragraphs quick to write.  Paragraphs and tables are built as
XML directly; python-docx's per-property setters cost about a millisecond a paragraph.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt
from lxml import etree

from oversight.circular.addressees import addressees, county_kinds
from oversight.circular.chart import stage_chart_png
from oversight.circular.content import (
    Circular,
    annex_table,
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
TEXT_WIDTH, TEXT_HEIGHT = Mm(156), Mm(225)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT, RIGHT, BOTTOM = Mm(37), Mm(28), Mm(26), Mm(35)
"""Margins: the standard's top and binding margins, the rest from the 156 × 225 block."""
FOOTER_DISTANCE, LANDSCAPE_FOOTER_DISTANCE = Mm(25), Mm(12)
"""The page numbers' line from the page's foot: below the block of a portrait page (its
35 mm bottom margin) and of the annex's landscape page (26 mm) alike."""
LATIN_EM = 0.6
"""A Latin letter or digit of the substituted faces, in ems (a Chinese character, two
letters of :func:`oversight.formatting.text_width`, is 1.2 em: a little air)."""
WRAP_SLACK = 2
"""Letters a wrapped text's line is given beyond its share: a line breaks between
characters, not inside a number."""
BALANCED_LINES = 6
"""The most lines a balanced column's longest text wraps onto before the widest columns
simply give way (:func:`_widths`)."""
TYPICAL = 0.9
"""A balanced column is measured by the text longer than this share of its texts."""
CELL_PADDING = Pt(12)
"""A table cell's left and right margins together (Word's default 0.19 cm each) and a
little air."""
ANNEX_CELL_MARGIN = Pt(2)
"""The annex's cells' left and right margins: twelve columns, each 7 pt narrower than
with Word's margins, give the words of a row 85 pt more."""
INDENT = Pt(32)
"""Two characters of 3号."""
IMPRINT_INDENT = Pt(14)
"""The imprint's lines and the page numbers stand one character of 4号 in."""


# --- styles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """A style of the document: its id (what paragraphs and runs name), the name Word
    shows, and what it sets beyond the style it is based on."""

    style_id: str
    name: str
    based_on: str = "Normal"
    face: str | None = None
    size: Length | None = None
    bold: bool = False
    colour: str | None = None
    keep_with_next: bool = False
    spacing: tuple[Length, Length, Length | None] | None = None
    """Before, after, and the line: fixed at that height, or None for single spacing."""
    indent: tuple[Length, Length, Length] | None = None
    """Left, right and first line."""
    align: str | None = None
    """``w:jc``: both (justified), center, right, left."""
    border_bottom: tuple[str, int] | None = None
    """A line under the paragraph: its colour and thickness in eighths of a point."""
    character: bool = False


NO_INDENT = (Pt(0), Pt(0), Pt(0))
BODY = Style(
    "Normal",
    "Normal",  # Word shows its own Normal as 正文
    based_on="",
    face=FANGSONG,
    size=SIZE_3,
    colour=DOCUMENT_INK,
    spacing=(Pt(0), Pt(0), LINE),
    indent=(Pt(0), Pt(0), INDENT),
    align="both",
)
FLUSH = Style("GwFlush", "正文顶格", indent=NO_INDENT)
LEVEL_1 = Style("GwLevel1", "一级标题", face=HEITI, keep_with_next=True)
LEVEL_2 = Style("GwLevel2", "二级标题", face=KAITI, keep_with_next=True)
LEVEL_2_LEAD = Style(
    "GwLevel2Lead", "二级标题字", based_on="DefaultParagraphFont", face=KAITI, character=True
)
LEVEL_3_LEAD = Style("GwLevel3Lead", "三级标题字", based_on="DefaultParagraphFont", bold=True, character=True)
LABEL = Style("GwLabel", "顶格标识", face=HEITI, indent=NO_INDENT)
"""征求意见稿 at the top of a draft, 附件 at the top of the annex."""
NUMBER = Style(
    "GwNumber",
    "发文字号",
    spacing=(Pt(0), Pt(6), LINE),
    indent=NO_INDENT,
    align="center",
    border_bottom=(OFFICIAL_RED, 12),
)
TITLE = Style("GwTitle", "公文标题", face=XIAOBIAOSONG, size=SIZE_2, indent=NO_INDENT, align="center")
FIGURE = Style("GwFigure", "插图", spacing=(Pt(0), Pt(0), None), indent=NO_INDENT, align="center")
TABLE_TITLE = Style(
    "GwTableTitle",
    "表题",
    face=HEITI,
    size=SIZE_4,
    keep_with_next=True,
    spacing=(Pt(6), Pt(0), LINE),
    indent=NO_INDENT,
    align="center",
)
TABLE_TEXT = Style(
    "GwTableText", "表格文字", size=SIZE_TABLE, spacing=(Pt(2), Pt(2), None), indent=NO_INDENT, align="center"
)
TABLE_HEADER = Style("GwTableHeader", "表头文字", based_on=TABLE_TEXT.style_id, bold=True)
TABLE_TEXT_LEFT = Style("GwTableTextLeft", "表格文字左齐", based_on=TABLE_TEXT.style_id, align="left")
"""A cell of several lines of words (the annex's vetoes and lifts): read from the left."""
SIGNATURE = Style("GwSignature", "落款", indent=(Pt(0), 2 * INDENT, Pt(0)), align="right")
IMPRINT = Style("GwImprint", "版记", size=SIZE_4, indent=(IMPRINT_INDENT, IMPRINT_INDENT, Pt(0)))
PAGE_NUMBER = Style("GwPageNumber", "页码", based_on="Footer", face=SONGTI, size=SIZE_4, indent=NO_INDENT)
STYLES = (
    FLUSH,
    LEVEL_1,
    LEVEL_2,
    LEVEL_2_LEAD,
    LEVEL_3_LEAD,
    LABEL,
    NUMBER,
    TITLE,
    FIGURE,
    TABLE_TITLE,
    TABLE_TEXT,
    TABLE_HEADER,
    TABLE_TEXT_LEFT,
    SIGNATURE,
    IMPRINT,
    PAGE_NUMBER,
)
"""The styles added to the document (正文 is Word's Normal, redefined), in the order
Word lists them."""


def _mark_style(office: str) -> Style:
    """发文机关标志: red 方正小标宋简体, 36 pt, smaller for a name too long for one line."""
    size = Pt(min(MARK_MAX.pt, int(TEXT_WIDTH.pt / max(len(office), 1))))
    return Style(
        "GwMark",
        "发文机关标志",
        face=XIAOBIAOSONG,
        size=size,
        colour=OFFICIAL_RED,
        spacing=(Pt(12), Pt(24), None),
        indent=NO_INDENT,
        align="center",
    )


def _hex(colour: str) -> str:
    return colour.removeprefix("#").upper()


def _twips(length: Length) -> int:
    return Length(length).twips


def _run_properties(style: Style) -> str:
    parts = []
    if style.face:
        face = style.face
        parts.append(f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:cs="{face}" w:eastAsia="{face}"/>')
    if style.bold:
        parts.append("<w:b/>")
    if style.colour:
        parts.append(f'<w:color w:val="{_hex(style.colour)}"/>')
    if style.size:
        parts.append(f'<w:sz w:val="{round(style.size.pt * 2)}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _paragraph_properties(style: Style) -> str:
    parts = []
    if style.keep_with_next:
        parts.append("<w:keepNext/>")
    if style.border_bottom:
        colour, eighths = style.border_bottom
        parts.append(_borders(bottom=(colour, eighths)))
    if style.spacing:
        before, after, line = style.spacing
        rule = f'w:line="{_twips(line)}" w:lineRule="exact"' if line else 'w:line="240" w:lineRule="auto"'
        parts.append(f'<w:spacing w:before="{_twips(before)}" w:after="{_twips(after)}" {rule}/>')
    if style.indent:
        left, right, first = style.indent
        parts.append(
            f'<w:ind w:left="{_twips(left)}" w:right="{_twips(right)}" w:firstLine="{_twips(first)}"/>'
        )
    if style.align:
        parts.append(f'<w:jc w:val="{style.align}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def _borders(**sides: tuple[str, int]) -> str:
    """``w:pBdr`` with a line along each side given: its colour and thickness in eighths
    of a point."""
    lines = "".join(
        f'<w:{side} w:val="single" w:sz="{eighths}" w:space="1" w:color="{_hex(colour)}"/>'
        for side, (colour, eighths) in sides.items()
    )
    return f"<w:pBdr>{lines}</w:pBdr>"


def _define_styles(document, styles: Sequence[Style]) -> None:
    """正文 (Normal) redefined as the body text, then the circular's own styles."""
    element = document.styles.element
    normal = document.styles["Normal"].element
    for old in (normal.pPr, normal.rPr):
        if old is not None:
            normal.remove(old)
    normal.extend(
        list(
            parse_xml(
                f"<w:style {nsdecls('w')}>{_paragraph_properties(BODY)}{_run_properties(BODY)}</w:style>"
            )
        )
    )
    for style in styles:
        if style.character:
            kind, properties = "character", _run_properties(style)
        else:
            kind, properties = "paragraph", _paragraph_properties(style) + _run_properties(style)
        following = '<w:next w:val="Normal"/>' if style.keep_with_next else ""
        element.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="{kind}" w:customStyle="1" w:styleId="{style.style_id}">'
                f'<w:name w:val="{style.name}"/><w:basedOn w:val="{style.based_on}"/>{following}'
                f"<w:qFormat/>{properties}</w:style>"
            )
        )


# --- paragraphs and runs as XML ------------------------------------------------------------

P, PPR, PSTYLE, R, RPR, RSTYLE, T = (
    qn(f"w:{tag}") for tag in ("p", "pPr", "pStyle", "r", "rPr", "rStyle", "t")
)
TAB, BR, VAL, TYPE = qn("w:tab"), qn("w:br"), qn("w:val"), qn("w:type")
PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"
Run = str | tuple[Style, str]
"""A run: its text, or its character style and text."""


class Body(list):
    """The document body's paragraphs and tables in order, put into the document at the
    end (before its section properties) in one go."""

    def paragraph(self, style: Style, *runs: Run, properties: str = "") -> etree._Element:
        """A paragraph of ``style`` holding ``runs``; ``properties``: paragraph properties
        of its own (XML, in the schema's order after the style)."""
        paragraph = _paragraph(style, *runs, properties=properties)
        self.append(paragraph)
        return paragraph


def _paragraph(style: Style, *runs: Run, properties: str = "") -> etree._Element:
    paragraph = etree.Element(P)
    if properties:
        layout = parse_xml(f'<w:pPr {nsdecls("w")}><w:pStyle w:val="{style.style_id}"/>{properties}</w:pPr>')
        paragraph.append(layout)
    else:
        etree.SubElement(etree.SubElement(paragraph, PPR), PSTYLE).set(VAL, style.style_id)
    for run in runs:
        if isinstance(run, tuple):
            _run(paragraph, run[1], run[0])
        elif run:
            _run(paragraph, run)
    return paragraph


def _run(paragraph: etree._Element, text: str, style: Style | None = None) -> etree._Element:
    run = etree.SubElement(paragraph, R)
    if style is not None:
        etree.SubElement(etree.SubElement(run, RPR), RSTYLE).set(VAL, style.style_id)
    _text(run, text)
    return run


def _text(run: etree._Element, text: str) -> None:
    """The text as Word holds it: tabs and line breaks as their own elements, spaces at
    either end kept."""
    if "\t" not in text and "\n" not in text:
        pieces = [text]
    else:
        pieces = [p for p in text.replace("\t", "\0\t\0").replace("\n", "\0\n\0").split("\0") if p]
    for piece in pieces:
        if piece == "\t":
            etree.SubElement(run, TAB)
        elif piece == "\n":
            etree.SubElement(run, BR)
        else:
            element = etree.SubElement(run, T)
            element.text = piece
            if piece != piece.strip():
                element.set(PRESERVE, "preserve")


# --- the document ----------------------------------------------------------------------


def write_docx(circular: Circular) -> bytes:
    """The Word file's bytes."""
    document = Document()
    _page(document)
    office = office_of(circular)
    _define_styles(document, (_mark_style(office), *STYLES))
    body = Body()
    _head(body, circular, office)
    body.paragraph(TITLE, title(circular, LANG))
    body.paragraph(FLUSH)
    body.paragraph(FLUSH, addressees(circular.ranking, LANG))
    region, month = circular.ranking.region_zh, format_month(circular.ranking.month, LANG)
    body.paragraph(BODY, translate("circular.opening", LANG, month=month, region=region))

    body.paragraph(LEVEL_1, section_heading("overview", LANG))
    paragraphs = overview_paragraphs(circular, LANG)
    body.paragraph(BODY, paragraphs[0])
    _chart(document, body, circular)
    for text in paragraphs[1:]:
        body.paragraph(BODY, text)

    body.paragraph(LEVEL_1, section_heading("ranking", LANG))
    counties_intro, units_intro = ranking_intros(circular, LANG)
    body.paragraph(LEVEL_2, f"（一）{translate('circular.section.ranking_counties', LANG)}")
    body.paragraph(BODY, counties_intro)
    headers, rows = county_table(circular, LANG)
    body.paragraph(TABLE_TITLE, translate("circular.table.counties", LANG, month=month))
    band = headers.index(translate("circular.column.band", LANG))
    _table(body, headers, rows, {band: [BAND_FILLS[b] for b in county_bands(circular)]})
    body.paragraph(LEVEL_2, f"（二）{translate('circular.section.ranking_units', LANG)}")
    body.paragraph(BODY, units_intro)
    headers, rows = unit_table(circular, LANG)
    body.paragraph(TABLE_TITLE, translate("circular.table.units", LANG, month=month))
    units = units_by_rank(circular)
    shades = {
        headers.index(translate("circular.column.band", LANG)): [BAND_FILLS[u.band] for u in units],
        headers.index(translate("circular.column.list", LANG)): [
            LIST_FILLS.get(u.listing or "") for u in units
        ],
    }
    _table(body, headers, rows, shades)

    body.paragraph(LEVEL_1, section_heading("lists", LANG))
    for line in list_lines(circular, LANG):
        body.paragraph(BODY, line)

    body.paragraph(LEVEL_1, section_heading("problems", LANG))
    if not circular.problems:
        body.paragraph(BODY, translate("circular.problem.none", LANG))
    for number, problem in enumerate(circular.problems, 1):
        _led(body, f"{number}.", problem_text(problem, LANG), LEVEL_3_LEAD)

    body.paragraph(LEVEL_1, section_heading("requirements", LANG))
    for text in requirement_paragraphs(circular):
        if text.startswith("（"):
            _led(body, "", text, LEVEL_2_LEAD)
        else:
            body.paragraph(BODY, text)

    body.paragraph(BODY)
    annex = translate("circular.annex", LANG)
    body.paragraph(BODY, translate("circular.annex_line", LANG, name=annex))
    end = document.element.body.sectPr
    _signature(body, circular, office, portrait=copy.deepcopy(end))
    _annex(body, circular, annex, portrait=end)
    _imprint(body, circular, office, end)
    for element in body:
        end.addprevious(element)
    _page_numbers(document)
    made = moment(circular)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title(circular, LANG), office, ""
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
    section.header_distance, section.footer_distance = Mm(15), FOOTER_DISTANCE


def _head(body: Body, circular: Circular, office: str) -> None:
    """版头: (a draft's 征求意见稿 mark), the red office mark, the number, the red line."""
    if circular.issue is None:
        body.paragraph(LABEL, translate("circular.draft_mark", LANG))
    body.paragraph(_mark_style(office), office)
    body.paragraph(
        NUMBER, circular.issue.number if circular.issue else translate("circular.draft_number", LANG)
    )
    body.paragraph(FLUSH)


def _led(body: Body, number: str, text: str, lead: Style) -> None:
    """A paragraph led by its heading: the number and the first sentence in the ``lead``
    character style (1. in bold 仿宋, （一） in 楷体), the rest as body text."""
    head, stop, rest = text.partition("。")
    body.paragraph(BODY, (lead, f"{number}{head}{stop}"), rest)


# --- tables and the chart ----------------------------------------------------------------


def _table_properties(margin: Length | None) -> str:
    """A table in the grid style, centred, its columns as wide as set (not fitted by
    Word); ``margin``: its cells' left and right margins (None: Word's 0.19 cm)."""
    margins = (
        ""
        if margin is None
        else f'<w:tblCellMar><w:left w:w="{_twips(margin)}" w:type="dxa"/>'
        f'<w:right w:w="{_twips(margin)}" w:type="dxa"/></w:tblCellMar>'
    )
    return (
        f'<w:tblPr {nsdecls("w")}><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
        f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>{margins}<w:tblLook w:firstColumn="1"'
        ' w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
    )


TBL, TBL_GRID, GRID_COL, TR, TR_PR, TBL_HEADER, CANT_SPLIT, TC, TC_PR, TC_W, SHD, W = (
    qn(f"w:{tag}")
    for tag in (
        "tbl",
        "tblGrid",
        "gridCol",
        "tr",
        "trPr",
        "tblHeader",
        "cantSplit",
        "tc",
        "tcPr",
        "tcW",
        "shd",
        "w",
    )
)


def _table(
    body: Body,
    headers: Sequence[str],
    rows: Sequence[Sequence],
    shades: dict[int, Sequence[str | None]],
    room: Length = TEXT_WIDTH,
    left: Collection[int] = (),
    header_letters: int = 8,
    balanced: Collection[int] = (),
    margin: Length | None = None,
) -> None:
    """A horizontal table in 五号 仿宋 (表格文字), the header row shaded, bold and repeated on
    every page the table runs to, as wide as ``room``; ``shades``: the colours of a
    column's cells by row (None: none); ``left``: the columns of words, set from the left
    (表格文字左齐); ``header_letters`` and ``balanced``: see :func:`_widths`; ``margin``:
    the cells' left and right margins (None: Word's).  A row is never split across pages."""
    padding = CELL_PADDING if margin is None else Pt(2 * Length(margin).pt + 1)
    widths = [
        str(Pt(width).twips) for width in _widths(headers, rows, room, header_letters, balanced, padding)
    ]
    table = etree.Element(TBL)
    table.append(parse_xml(_table_properties(margin)))
    grid = etree.SubElement(table, TBL_GRID)
    for width in widths:
        etree.SubElement(grid, GRID_COL).set(W, width)
    header = etree.SubElement(table, TR)
    etree.SubElement(etree.SubElement(header, TR_PR), TBL_HEADER).set(VAL, "true")
    for text, width in zip(headers, widths, strict=True):
        _cell(header, str(text), width, TABLE_HEADER, HEADER_FILL)
    columns = [shades.get(i) for i in range(len(headers))]
    styles = [TABLE_TEXT_LEFT if i in left else TABLE_TEXT for i in range(len(headers))]
    for index, row in enumerate(rows):
        table_row = etree.SubElement(table, TR)
        etree.SubElement(etree.SubElement(table_row, TR_PR), CANT_SPLIT)
        for value, width, colours, style in zip(row, widths, columns, styles, strict=True):
            colour = colours[index] if colours is not None else None
            _cell(table_row, "" if value is None else str(value), width, style, colour)
    body.append(table)
    body.paragraph(FLUSH)


def _cell(row: etree._Element, text: str, width: str, style: Style, colour: str | None) -> None:
    cell = etree.SubElement(row, TC)
    properties = etree.SubElement(cell, TC_PR)
    cell_width = etree.SubElement(properties, TC_W)
    cell_width.set(TYPE, "dxa")
    cell_width.set(W, width)
    if colour is not None:
        shading = etree.SubElement(properties, SHD)
        shading.set(VAL, "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), _hex(colour))
    cell.append(_paragraph(style, text))


def _widths(
    headers: Sequence[str],
    rows: Sequence[Sequence],
    room: Length = TEXT_WIDTH,
    header_letters: int = 8,
    balanced: Collection[int] = (),
    padding: Length = CELL_PADDING,
) -> list[float]:
    """Columns' widths in points, as wide as their longest text needs at 五号 (a header's
    line of more than ``header_letters`` letters, four characters by default, may wrap
    onto two lines), the ``room`` left over shared in proportion.  When the texts need
    more than the block, the ``balanced`` columns (the annex's vetoes and lifts) wrap
    their texts onto the fewest lines that let every column fit, each onto the same
    number, so no one column makes the rows tall (never narrower than their header's
    line), and share what room is left: measured by the text longer than nine in ten of
    the column's (:data:`TYPICAL`), so that the few longest wrap a line more rather than
    widen the column for every row;
    without such columns the widest give way.  Never the narrow ones of ranks and scores."""
    letter = SIZE_TABLE.pt * LATIN_EM
    heads = [
        max(max(min(text_width(line), header_letters), text_width(line) / 2) for line in str(h).split("\n"))
        for h in headers
    ]
    whole = [max(text_width(line) for line in str(h).split("\n")) for h in headers]
    needs = list(heads)
    for row in rows:
        for i, value in enumerate(row):
            needs[i] = max(needs[i], text_width(str(value)))
    points = [need * letter + Length(padding).pt for need in needs]
    room = Length(room).pt
    typical = {i: _percentile([text_width(str(row[i])) for row in rows], TYPICAL) for i in balanced}
    for lines in range(2, BALANCED_LINES + 1) if balanced and sum(points) > room else ():
        wrapped = [
            (max(whole[i], typical[i] / lines + WRAP_SLACK) * letter + Length(padding).pt)
            if i in balanced
            else p
            for i, p in enumerate(points)
        ]
        if sum(wrapped) <= room:
            share = (room - sum(p for i, p in enumerate(wrapped) if i not in balanced)) / sum(
                wrapped[i] for i in balanced
            )
            return [p * share if i in balanced else p for i, p in enumerate(wrapped)]
    if sum(points) > room:
        cap = _cap(points, room)
        points = [min(p, cap) for p in points]
    return [p * room / sum(points) for p in points]


def _percentile(values: Sequence[float], share: float) -> float:
    """The value ``share`` of ``values`` are no longer than (0 for none)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0


def _cap(points: Sequence[float], room: float) -> float:
    """The width no column may pass so that the columns fill ``room`` exactly."""
    ordered = sorted(points)
    for count, point in enumerate(ordered):
        wider = len(ordered) - count
        cap = (room - sum(ordered[:count])) / wider
        if cap <= point:
            return cap
    return ordered[-1]


def _chart(document, body: Body, circular: Circular) -> None:
    if not circular.figures.counties:
        return
    picture = document.part.new_pic_inline(
        io.BytesIO(stage_chart_png(circular.figures, LANG)), TEXT_WIDTH, None
    )
    etree.SubElement(etree.SubElement(body.paragraph(FIGURE), R), qn("w:drawing")).append(picture)


# --- signature, annex, imprint, page numbers ---------------------------------------------


def _issued_on(circular: Circular) -> str:
    """The date in Arabic numerals; a draft leaves it to be filled in."""
    if circular.issue is None:
        return "    年  月  日"
    return format_date(circular.issue.issued_on, LANG)


def _signature(body: Body, circular: Circular, office: str, portrait: etree._Element) -> None:
    """The office and the date, right-aligned with four characters of space; the date
    ends the circular's first section (``portrait``: its page), so the annex starts a
    page of its own."""
    body.paragraph(BODY)
    body.paragraph(BODY)
    body.paragraph(SIGNATURE, office)
    body.paragraph(SIGNATURE, _issued_on(circular)).find(PPR).append(portrait)


def _annex(body: Body, circular: Circular, name: str, portrait: etree._Element) -> None:
    """A section of its own on landscape pages: 附件 at the top left, the annex's title,
    the one sentence that says where the full facts are, then one table of every unit
    by rank (:func:`oversight.circular.content.annex_table`), its header on every page.
    Twelve columns do not fit the 156 mm of a portrait block without wrapping a unit's
    name and a veto onto three lines; the 225 mm of a landscape one hold them."""
    body.paragraph(LABEL, "附件")
    body.paragraph(FLUSH)
    body.paragraph(TITLE, name)
    if not circular.ranking.units:
        body.paragraph(BODY, translate("circular.no_units", LANG))
    else:
        body.paragraph(BODY, translate("circular.annex.note", LANG))
        headers, rows = annex_table(circular, LANG)
        texts = {headers.index(translate(f"circular.annex.column.{c}", LANG)) for c in ("vetoes", "lifts")}
        band = headers.index(translate("circular.column.band", LANG))
        shades = {band: [BAND_FILLS[u.band] for u in units_by_rank(circular)]}
        _table(
            body,
            headers,
            rows,
            shades,
            room=TEXT_HEIGHT,
            left=texts,
            header_letters=4,
            balanced=texts,
            margin=ANNEX_CELL_MARGIN,
        )
    landscape = _landscape(portrait)
    body[-1].find(PPR).append(landscape)


def _landscape(portrait: etree._Element) -> etree._Element:
    """The annex's page: A4 turned, the portrait block turned with it (225 × 156 mm), its
    top (the table's head) at the binding edge as GB/T 9704 sets a horizontal table on
    an odd page; the page numbers at its foot, where Word and WPS put a landscape
    section's footer."""
    section = copy.deepcopy(portrait)
    size = section.find(qn("w:pgSz"))
    size.set(qn("w:w"), str(_twips(PAGE_HEIGHT)))
    size.set(qn("w:h"), str(_twips(PAGE_WIDTH)))
    size.set(qn("w:orient"), "landscape")
    margins = section.find(qn("w:pgMar"))
    for side, length in (("top", LEFT), ("right", TOP), ("bottom", RIGHT), ("left", BOTTOM)):
        margins.set(qn(f"w:{side}"), str(_twips(length)))
    margins.set(qn("w:footer"), str(_twips(LANDSCAPE_FOOTER_DISTANCE)))
    return section


def _imprint(body: Body, circular: Circular, office: str, section: etree._Element) -> None:
    """版记: 抄送, then the printing office and date, between lines (the first and last
    thick, the one between thin), on a portrait page after the annex's: the document's
    last ``section``, its text set at the page's foot (``w:vAlign``, as Word and WPS
    show it; LibreOffice 7.4 ignores it and leaves the lines at the top)."""
    section.find(qn("w:cols")).addnext(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="bottom"/>'))
    region = circular.ranking.region_zh
    body.paragraph(
        IMPRINT,
        translate("circular.cc", LANG),
        f"{region}安全生产委员会办公室，各{county_kinds(circular.ranking, LANG)}人民政府。",
        properties=_borders(top=(DOCUMENT_INK, 8), bottom=(DOCUMENT_INK, 4)),
    )
    right_tab = _twips(TEXT_WIDTH - IMPRINT_INDENT)
    body.paragraph(
        IMPRINT,
        f"{office}办公室\t",
        translate("circular.printed_on", LANG, date=_issued_on(circular).strip() or "  年  月  日"),
        properties=_borders(bottom=(DOCUMENT_INK, 8))
        + f'<w:tabs><w:tab w:val="right" w:pos="{right_tab}"/></w:tabs>',
    )


def _page_numbers(document) -> None:
    """— 1 — in 宋体 4号 (页码): odd pages at the right, even at the left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    indent = _twips(IMPRINT_INDENT)
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        old = footer.paragraphs[0]._p
        paragraph = _paragraph(
            PAGE_NUMBER, "— ", properties=f'<w:ind w:{side}="{indent}"/><w:jc w:val="{side}"/>'
        )
        _page_field(paragraph)
        _run(paragraph, " —")
        old.addprevious(paragraph)
        old.getparent().remove(old)


def _page_field(paragraph: etree._Element) -> None:
    """A PAGE field: Word and LibreOffice put the page's number in it."""
    paragraph.extend(
        parse_xml(f"<w:r {nsdecls('w')}>{inner}</w:r>")
        for inner in (
            '<w:fldChar w:fldCharType="begin"/>',
            '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
            '<w:fldChar w:fldCharType="separate"/>',
            "<w:t>1</w:t>",
            '<w:fldChar w:fldCharType="end"/>',
        )
    )
