"""The same circular makes the same bytes, whenever: the zips' entries and the documents'
properties are dated by the circular (its issue date, or its judgement for a draft), so
an issued circular made again is byte-identical to the stored one."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import docx
import openpyxl
import pytest

from oversight.circular import packaging
from oversight.circular.content import Issue, build_circular
from oversight.circular.docx import write_docx
from oversight.circular.xlsx import write_xlsx
from tests.fixture_circular import FIGURES, ranking

ISSUE = Issue("圆市安全生产监督管理局", "圆安监通〔2015〕9号", dt.date(2015, 10, 12))


@pytest.mark.parametrize("write", [write_docx, write_xlsx])
def test_made_twice_the_same_bytes(write):
    circular = build_circular(ranking(), FIGURES, issue=ISSUE)
    first = write(circular)
    time.sleep(1.1)  # a zip dates its entries to the second
    assert write(circular) == first
    entries = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {e.date_time for e in entries} == {(2015, 10, 12, 0, 0, 0)}


def test_the_documents_say_when_the_circular_was_made():
    issued = build_circular(ranking(), FIGURES, issue=ISSUE)
    assert packaging.moment(issued) == dt.datetime(2015, 10, 12)
    document = docx.Document(io.BytesIO(write_docx(issued)))
    assert document.core_properties.modified.replace(tzinfo=None) == dt.datetime(2015, 10, 12)
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(issued)))
    assert book.properties.modified == dt.datetime(2015, 10, 12)
    draft = build_circular(ranking(), FIGURES)
    assert packaging.moment(draft) == dt.datetime(2015, 10, 10, 23, 59, 59)
