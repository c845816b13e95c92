"""Every file-level refusal of an upload, on a corpus of bad files the tests build
(tests/oversight/bad_files.py): each refused with its own problem and message, and the
dangerous ones before openpyxl reads anything."""

from __future__ import annotations

import io
import random
import zipfile

import openpyxl
import pytest

from oversight.intake import workbook
from oversight.intake.problems import IntakeRefused, Problem, problem_line
from oversight.intake.workbook import MAX_BYTES, read_workbook
from tests.oversight.bad_files import (
    HEADER,
    declared_size,
    encrypted_xlsx,
    good_workbook,
    old_xls,
    plain_zip,
    ratio_bomb,
    replace_part,
    with_entity_bomb,
)

SHEET = "xl/worksheets/sheet1.xml"


def refusal(data: bytes, name: str = "月报.xlsx") -> tuple[Problem, ...]:
    with pytest.raises(IntakeRefused) as refused:
        read_workbook(name, data)
    return refused.value.problems


def test_a_good_workbook_is_read_with_row_numbers_and_formulas_as_text():
    book = read_workbook("月报.xlsx", good_workbook())
    assert book.sheet_names == ["月报", "填写说明"]
    assert book.sheets["月报"] == [
        (1, HEADER),
        (2, ("130102001", "建北街道", 85)),
        (3, ("130102002", "青园街道", "=C2+1")),
    ]
    # the instructions sheet's merged title is a template's layout, not data: not refused;
    # its only value is A1, so its rows are one cell wide
    assert book.sheets["填写说明"] == [(1, ("填写说明",))]


def test_a_dimension_that_understates_the_sheet_hides_nothing():
    """openpyxl's read-only mode trusts the size a sheet declares and would drop row 3 and
    column C of a sheet that says it is A1:B2."""
    data = replace_part(
        good_workbook(), SHEET, lambda xml: xml.replace(b'<dimension ref="A1:C3"', b'<dimension ref="A1:B2"')
    )
    assert b'ref="A1:B2"' in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    assert read_workbook("月报.xlsx", data).sheets["月报"] == [
        (1, HEADER),
        (2, ("130102001", "建北街道", 85)),
        (3, ("130102002", "青园街道", "=C2+1")),
    ]


def test_short_rows_are_as_wide_as_the_widest():
    book = read_workbook("月报.xlsx", good_workbook(edit=lambda sheet: sheet.append(("130102003",))))
    assert book.sheets["月报"][-1] == (4, ("130102003", None, None))


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML


def test_a_renamed_csv_in_utf8_gb18030_or_utf16_is_a_text_file():
    csv = "单位编码,单位名称,参与率\n130102001,建北街道,85\n"
    for encoding in ("utf-8", "gb18030", "utf-16"):  # utf-16: Excel's 'Unicode text', with its BOM
        (problem,) = refusal(csv.encode(encoding))
        assert (problem.file, problem.sheet, problem.row, problem.key) == (
            "月报.xlsx",
            None,
            None,
            "text_file",
        )
    assert problem_line(problem) == (
        "文件 月报.xlsx：这是文本文件（如 CSV），不是 Excel 工作簿，只是扩展名改成了 .xlsx："
        "请用本平台下载的模板填写，或在 Excel 中打开后“另存为”Excel 工作簿（*.xlsx）。"
    )


@pytest.mark.parametrize(
    ("data", "key", "zh"),
    [
        (b"", "empty", "文件是空的（0 字节）"),
        (random.Random(9).randbytes(5000), "not_xlsx", "不是 Excel 工作簿（.xlsx），无法读取"),
        (old_xls(), "old_xls", "这是旧版 Excel 97-2003 工作簿（.xls）"),
        (encrypted_xlsx(), "encrypted", "工作簿设置了打开密码（已加密）"),
        (
            plain_zip(),
            "zip_not_workbook",
            "这是一个 zip 压缩包，不是 Excel 工作簿：请解压后上传其中的 .xlsx 文件",
        ),
        (good_workbook()[:1500], "truncated", "文件不完整"),
    ],
    ids=["empty", "random bytes", "old xls", "encrypted", "zip", "truncated"],
)
def test_a_file_that_is_not_an_xlsx_says_what_it_is(data, key, zh):
    (problem,) = refusal(data)
    assert problem == Problem("月报.xlsx", None, None, None, None, key, {})
    assert problem_line(problem).startswith(f"文件 月报.xlsx：{zh}")


def test_a_damaged_part_is_refused_as_damaged():
    data = good_workbook()
    at = data.index(b"PK\x03\x04", data.index(SHEET.encode()) - 30)  # the sheet's local header
    body = at + 30 + len(SHEET) + 20
    broken = data[:body] + bytes(b ^ 0xFF for b in data[body : body + 8]) + data[body + 8 :]
    (problem,) = refusal(broken)
    assert problem.key == "damaged"


def test_a_file_over_20_mb_is_refused_unread(monkeypatch):
    monkeypatch.setattr(workbook, "load_workbook", _must_not_read)
    (problem,) = refusal(good_workbook() + bytes(MAX_BYTES))
    assert problem.key == "too_large"
    assert problem_line(problem).startswith("文件 月报.xlsx：文件大小 20.0 MB，超过 20.0 MB 的上限")
    # the size is shown to a tenth of a MB: 20 MB and a few kB shows as 20.0


def _must_not_read(*args, **kwargs):
    raise AssertionError("openpyxl was handed a file that should have been refused first")


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_anything_is_unpacked(monkeypatch):
    bomb = ratio_bomb()  # 50 MB of spaces (plus the sheet) packed into about 50 kB
    monkeypatch.setattr(workbook, "load_workbook", _must_not_read)
    monkeypatch.setattr(workbook, "_declares_doctype", _must_not_read)
    (problem,) = refusal(bomb)
    assert problem.key == "zip_bomb"
    assert problem.values["unpacked"] == "50.0"
    assert int(problem.values["ratio"].replace(",", "")) > 100
    assert "疑似恶意构造的“压缩炸弹”，未读取" in problem_line(problem)


def test_a_directory_that_declares_more_than_400_mb_is_a_zip_bomb(monkeypatch):
    monkeypatch.setattr(workbook, "load_workbook", _must_not_read)
    (problem,) = refusal(declared_size(good_workbook(), SHEET, 450 * 1024 * 1024))
    assert problem.key == "zip_bomb"
    assert problem.values["unpacked"] == "450.0"


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "[Content_Types].xml"])
def test_a_billion_laughs_is_refused_before_openpyxl_parses_it(monkeypatch, part):
    monkeypatch.setattr(workbook, "load_workbook", _must_not_read)
    (problem,) = refusal(replace_part(good_workbook(), part, with_entity_bomb))
    assert problem == Problem("月报.xlsx", None, None, None, None, "xml_entities", {"part": part})
    assert problem_line(problem, "en").startswith(
        f"file 月报.xlsx: Inside the file ({part}) the XML declares a document type or entities"
    )


def test_a_document_type_in_a_part_of_any_name_is_refused(monkeypatch):
    monkeypatch.setattr(workbook, "load_workbook", _must_not_read)
    out = io.BytesIO(good_workbook())
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("xl/embeddings/payload.bin", with_entity_bomb(b"<a><t>x</t></a>"))
    (problem,) = refusal(out.getvalue())
    assert (problem.key, problem.values) == ("xml_entities", {"part": "xl/embeddings/payload.bin"})


def test_openpyxl_alone_refuses_an_entity_bomb_in_a_sheet(monkeypatch):
    """defusedxml behind openpyxl is the second line: without the check above, the sheet's
    entities still fail (defusedxml's EntitiesForbidden), as a damaged file."""
    monkeypatch.setattr(workbook, "_refuse_entities", lambda name, archive: None)
    (problem,) = refusal(replace_part(good_workbook(), SHEET, with_entity_bomb))
    assert problem.key == "damaged"


def test_every_merged_range_of_a_data_sheet_is_listed():
    def merge(sheet):
        sheet.merge_cells("B3:C4")
        sheet.merge_cells("A6:A7")

    problems = refusal(good_workbook(edit=merge))
    assert [(p.sheet, p.row, p.column, p.key, dict(p.values)) for p in problems] == [
        ("月报", 3, "B", "merged_cells", {"cells": "B3:C4"}),
        ("月报", 6, "A", "merged_cells", {"cells": "A6:A7"}),
    ]
    assert problem_line(problems[0]) == (
        "文件 月报.xlsx，工作表“月报”，第 3 行，“B”列：单元格 B3:C4 被合并，无法逐格核对："
        "请选中这些单元格，点“开始 → 合并后居中 → 取消单元格合并”，再在每个单元格中分别填写。"
    )


def test_a_sheet_over_100000_rows_is_read_no_further():
    (problem,) = refusal(good_workbook(edit=lambda sheet: sheet.cell(100_001, 1, "多余")))
    assert (problem.sheet, problem.row, problem.key) == ("月报", 100_001, "too_many_rows")
    assert "工作表超过 100,000 行的上限" in problem_line(problem)


def test_a_sheet_of_exactly_100000_rows_is_read():
    book = read_workbook("月报.xlsx", good_workbook(edit=lambda sheet: sheet.cell(100_000, 1, "最后")))
    assert book.sheets["月报"][-1] == (100_000, ("最后", None, None))
    assert len(book.sheets["月报"]) == 100_000


def test_a_value_in_column_xfd_is_refused_rather_than_widening_every_row():
    (problem,) = refusal(good_workbook(edit=lambda sheet: sheet.cell(2, 16_384, " ")))
    assert (problem.sheet, problem.row, problem.key) == ("月报", 2, "too_many_columns")
    assert problem_line(problem) == (
        "文件 月报.xlsx，工作表“月报”，第 2 行：这一行的内容延伸到第 16,384 列（XFD 列），超过 200 列的上限，工作表"
        "未读取：请删除模板各列右侧单元格中的内容（包括空格）后再上传。"
    )
