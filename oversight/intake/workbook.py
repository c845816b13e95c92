"""The one way an uploaded workbook is opened: as values, row by row, read-only.

:func:`read_workbook` gives every sheet's rows with their Excel row numbers, so a problem
can say which row.  It is the only code that hands upload bytes to openpyxl, and it looks
at the file before openpyxl does: a file that is not an .xlsx (a renamed CSV, an old .xls,
an encrypted workbook, a plain zip, a truncated file), that is too big, that would unpack
to far more than it weighs (a zip bomb, judged from the zip's directory before anything is
unpacked) or that declares XML entities (an entity bomb) is refused as a whole with one
problem saying what it is and what to do (docs/templates_reader.md).
"""

from __future__ import annotations

import io
import re
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass

import openpyxl
from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries

from oversight.intake.kinds import INSTRUCTIONS_SHEET
from oversight.intake.problems import IntakeRefused, Problem

if not openpyxl.DEFUSEDXML:  # pragma: no cover - guarded by requirements.txt and a test
    raise ImportError("openpyxl must parse uploads with defusedxml: install it, unset OPENPYXL_DEFUSEDXML")

MAX_BYTES = 20 * 1024 * 1024
"""The largest file taken (20 MB): a province's month is far smaller."""

MAX_ROWS = 100_000
"""The most rows one sheet may have."""

MAX_COLUMNS = 200
"""The widest a row may be: every template has far fewer columns, and a stray value in
column XFD would otherwise make every row 16,384 cells wide."""

MAX_UNPACKED_BYTES = 400 * 1024 * 1024
"""The most the parts of a workbook may unpack to, together (a full 20 MB workbook of
plain rows unpacks to about 15 times its size)."""

MAX_RATIO = 100
"""The most a large part may unpack to per byte packed; Excel's and openpyxl's sheets stay
under 20, a zip bomb's are in the hundreds or the thousands."""

RATIO_FLOOR = 1024 * 1024
"""Parts smaller than this unpack to too little to matter, whatever their ratio."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The signature of an OLE2 compound file: an Excel 97-2003 .xls, or an encrypted .xlsx."""

_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
"""The stream an encrypted .xlsx keeps the workbook in (MS-OFFCRYPTO's ECMA-376 document
encryption), named in UTF-16 in the compound file's directory."""

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
_MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell\b")
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CHUNK = 64 * 1024

_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    TypeError,
    SyntaxError,
)
"""What openpyxl raises on a damaged package (a bad CRC, a missing part, broken XML)."""

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
    so a check can refuse it where a value belongs.  Raises :class:`IntakeRefused` with
    the file's problems: one for a file that cannot be read at all, or every merged range
    and every sheet over the row or column limit."""
    book, problems = read_sheets(name, data)
    if problems:
        raise IntakeRefused(problems)
    return book


def read_sheets(name: str, data: bytes) -> tuple[Workbook, tuple[Problem, ...]]:
    """The workbook as far as it can be read, and the problems of its sheets (merged
    ranges, a sheet read only up to the row or column limit), for the copy of an upload
    handed back marked (``oversight/intake/marked.py``).  A file that cannot be read at
    all raises :class:`IntakeRefused`, as :func:`read_workbook` does."""
    archive = _open_package(name, data)
    with archive:
        _refuse_entities(name, archive)
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except _UNREADABLE as error:
            raise _refused(name, "damaged") from error
        try:
            sheets: dict[str, list[Row]] = {}
            problems: list[Problem] = []
            for sheet in book.worksheets:
                if sheet.title != INSTRUCTIONS_SHEET:
                    # read-only mode does not report merged cells: read them from the sheet's
                    # part, whose name openpyxl 3.1 (pinned) keeps on the read-only sheet
                    problems += _merged_ranges(name, sheet.title, archive, sheet._worksheet_path)
                sheets[sheet.title] = _rows(name, sheet, problems)
        except _UNREADABLE as error:
            raise _refused(name, "damaged") from error
        finally:
            book.close()
    return Workbook(name, sheets), tuple(problems)


def _refused(name: str, key: str, **values: object) -> IntakeRefused:
    return IntakeRefused([Problem(name, None, None, None, None, key, values)])


def _open_package(name: str, data: bytes) -> zipfile.ZipFile:
    """The file as a zip package of an .xlsx, or the one problem that says what it is instead."""
    if not data:
        raise _refused(name, "empty")
    if len(data) > MAX_BYTES:
        raise _refused(name, "too_large", size=_megabytes(len(data)), limit=_megabytes(MAX_BYTES))
    if data.startswith(_OLE2):
        raise _refused(name, "encrypted" if _ENCRYPTED in data else "old_xls")
    if not data.startswith(_ZIP):
        raise _refused(name, "text_file" if _is_text(data) else "not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        raise _refused(name, "truncated") from error
    try:
        _refuse_bomb(name, archive.infolist())
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
            raise _refused(name, "zip_not_workbook")
    except IntakeRefused:
        archive.close()
        raise
    return archive


def _refuse_bomb(name: str, parts: list[zipfile.ZipInfo]) -> None:
    """Judge the sizes the zip's directory declares, before anything is unpacked: Python's
    zipfile never unpacks a part beyond its declared size (it stops there and checks the
    CRC), so these sizes bound what reading can cost."""
    unpacked = sum(part.file_size for part in parts)
    ratio = max(
        (part.file_size / max(part.compress_size, 1) for part in parts if part.file_size >= RATIO_FLOOR),
        default=0,
    )
    if unpacked > MAX_UNPACKED_BYTES or ratio > MAX_RATIO:
        raise _refused(
            name,
            "zip_bomb",
            unpacked=_megabytes(unpacked),
            ratio=f"{ratio:,.0f}",
            limit=_megabytes(MAX_UNPACKED_BYTES),
            ratio_limit=MAX_RATIO,
        )


class _Doctype(Exception):
    """A part declares a document type (where entities are declared)."""


class _RootReached(Exception):
    """A part's root element began: no document type can follow."""


def _refuse_entities(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a package whose XML declares a document type, read only up to each part's
    root element.  Excel never writes one, and entities declared there are how an entity
    bomb (billion laughs) makes a few bytes expand to gigabytes; openpyxl parses with
    defusedxml too, but the workbook part goes through lxml, which this check covers."""
    for part in archive.infolist():
        # every part, whatever its name: the package's relationships, not the names, say
        # which parts are XML; a part that is not XML fails at its first bytes
        if _declares_doctype(name, archive, part):
            raise _refused(name, "xml_entities", part=part.filename)


def _declares_doctype(name: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    parser = xml.parsers.expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise _Doctype

    def root(*_: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
    except _Doctype:
        return True
    except (_RootReached, xml.parsers.expat.ExpatError):
        return False  # broken XML is openpyxl's to report, as a damaged file
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise _refused(name, "damaged") from error
    return False


def _merged_ranges(name: str, sheet: str, archive: zipfile.ZipFile, part: str) -> list[Problem]:
    """A problem for each merged range of the sheet in ``part``.  The part is scanned for
    the tag first (unpacking is fast) and parsed only when it has one."""
    if not _mentions_merge(archive, part):
        return []
    problems = []
    with archive.open(part) as stream:
        for _, element in iterparse(stream):
            if element.tag == f"{_SHEET_NS}mergeCell":
                cells = element.get("ref", "")
                first_column, first_row, _, _ = range_boundaries(cells)
                problems.append(
                    Problem(
                        name,
                        sheet,
                        first_row,
                        get_column_letter(first_column),
                        None,
                        "merged_cells",
                        {"cells": cells},
                    )
                )
            element.clear()
    return problems


def _mentions_merge(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            if _MERGE_TAG.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def _rows(name: str, sheet, problems: list[Problem]) -> list[Row]:
    """The sheet's rows, each as wide as the widest, stopped at the first row past
    :data:`MAX_ROWS` or wider than :data:`MAX_COLUMNS` (with a problem saying so):
    neither is read further.

    The size the sheet declares (its dimension) is not trusted: openpyxl's read-only mode
    would drop every row and column outside it, so a stale or forged one would hide data."""
    sheet.reset_dimensions()
    rows: list[Row] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            problems.append(
                Problem(name, sheet.title, number, None, None, "too_many_rows", {"limit": f"{MAX_ROWS:,}"})
            )
            break
        if len(values) > MAX_COLUMNS:
            wide = {
                "columns": f"{len(values):,}",
                "last": get_column_letter(len(values)),
                "limit": MAX_COLUMNS,
            }
            problems.append(Problem(name, sheet.title, number, None, None, "too_many_columns", wide))
            break
        rows.append((number, tuple(values)))
    width = max((len(values) for _, values in rows), default=0)
    return [(number, values + (None,) * (width - len(values))) for number, values in rows]


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}"


def _is_text(data: bytes) -> bool:
    """Whether the file starts as text (a CSV or a tab-separated file renamed .xlsx): in
    UTF-16 with its byte order mark (Excel's 'Unicode text'), or without control
    characters but tabs and line ends in UTF-8 or GB18030 (Excel's 'CSV' on Chinese
    Windows)."""
    if data.startswith(_UTF16_MARKS):
        return True
    head = data[:4096]
    if any(byte < 0x20 and byte not in b"\t\r\n" for byte in head):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 4 and len(data) > len(head):
                return True  # a character cut by the 4096 bytes
            continue
        return True
    return False
