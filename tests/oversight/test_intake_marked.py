"""The upload handed back marked: every problem listed, each problem cell of each file
filled and commented, one workbook for several files (tests/oversight/bad_files.py)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from oversight.intake.marked import marked_workbook
from oversight.intake.problems import IntakeRefused, Problem, problem_text
from oversight.intake.workbook import read_workbook
from oversight.palette import PROBLEM_FILL
from tests.oversight.bad_files import good_workbook, old_xls

ROSE = "FF" + PROBLEM_FILL.removeprefix("#").upper()

OUT_OF_RANGE = Problem("长安区.xlsx", "月报", 2, "参与率", "120", "too_many_rows", {"limit": "100,000"})
"""Any key serves: what is checked is where the mark goes and that its text is the
problem's.  Column named by its header 参与率 (column C)."""
BY_LETTER = Problem("长安区.xlsx", "月报", 3, "B", "青园街道", "merged_cells", {"cells": "B3:C3"})
SAME_CELL = Problem("长安区.xlsx", "月报", 2, "参与率", "120", "merged_cells", {"cells": "C2:D2"})
WHOLE_ROW = Problem("桥西区.xlsx", "月报", 3, None, None, "too_many_rows", {"limit": "100,000"})
WHOLE_FILE = Problem("新华区.xlsx", None, None, None, None, "old_xls", {})

FILES = [("长安区.xlsx", good_workbook()), ("桥西区.xlsx", good_workbook()), ("新华区.xlsx", old_xls())]
PROBLEMS = [OUT_OF_RANGE, BY_LETTER, SAME_CELL, WHOLE_ROW, WHOLE_FILE]


def marked(files=FILES, problems=PROBLEMS, lang="zh"):
    return load_workbook(io.BytesIO(marked_workbook(files, problems, lang)))


def test_every_problem_is_listed_first_with_its_place():
    book = marked()
    assert book.sheetnames == ["问题清单", "长安区·月报", "桥西区·月报"]  # no copy of the unreadable .xls
    rows = list(book["问题清单"].iter_rows(values_only=True))
    assert rows[0] == ("文件", "工作表", "行", "列", "值", "问题及改法")
    assert rows[1:] == [
        ("长安区.xlsx", "月报", 2, "参与率", "120", problem_text(OUT_OF_RANGE, "zh")),
        ("长安区.xlsx", "月报", 3, "B", "青园街道", problem_text(BY_LETTER, "zh")),
        ("长安区.xlsx", "月报", 2, "参与率", "120", problem_text(SAME_CELL, "zh")),
        ("桥西区.xlsx", "月报", 3, None, None, problem_text(WHOLE_ROW, "zh")),
        ("新华区.xlsx", None, None, None, None, problem_text(WHOLE_FILE, "zh")),
    ]
    assert rows[5][5].startswith("这是旧版 Excel 97-2003 工作簿（.xls）")


def test_the_problem_cells_are_filled_and_commented_and_no_other():
    sheet = marked()["长安区·月报"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["单位编码", "单位名称", "参与率"],
        ["130102001", "建北街道", 85],
        ["130102002", "青园街道", "=C2+1"],
    ]
    assert sheet["C3"].data_type == "s"  # the formula is shown as the text uploaded
    filled = {cell.coordinate for row in sheet.iter_rows() for cell in row if cell.fill.fgColor.rgb == ROSE}
    assert filled == {"C2", "B3"}
    assert sheet["C2"].comment.text == f"{problem_text(OUT_OF_RANGE, 'zh')}\n{problem_text(SAME_CELL, 'zh')}"
    assert sheet["B3"].comment.text == problem_text(BY_LETTER, "zh")
    assert sheet["A1"].comment is None


def test_each_listed_problem_links_to_its_marked_cell():
    listing = marked()["问题清单"]
    links = [listing.cell(row, 6).hyperlink for row in range(2, 7)]
    assert [link.location if link else None for link in links] == [
        "'长安区·月报'!C2",
        "'长安区·月报'!B3",
        "'长安区·月报'!C2",
        "'桥西区·月报'!A3",
        None,  # the unreadable .xls has no copy
    ]
    assert listing.cell(2, 6).value == problem_text(OUT_OF_RANGE, "zh")


def test_a_problem_of_a_whole_row_marks_the_rows_first_cell():
    sheet = marked()["桥西区·月报"]
    filled = {cell.coordinate for row in sheet.iter_rows() for cell in row if cell.fill.fgColor.rgb == ROSE}
    assert filled == {"A3"}
    assert sheet["A3"].comment.text == problem_text(WHOLE_ROW, "zh")


def test_long_file_names_are_cut_to_31_characters_and_kept_apart():
    # 12 + 7 + 11 + 1 = 31 characters before the two names part
    name = "石家庄市长安区应急管理局2016年2月安全社区建设月度报告表（第一批）.xlsx"
    book = marked([(name, good_workbook()), (name.replace("一", "二"), good_workbook())], [])
    assert book.sheetnames == [
        "问题清单",
        "石家庄市长安区应急管理局2016年2月安全社区建设月度报告表（",
        "石家庄市长安区应急管理局2016年2月安全社区建设月度报(2)",  # 28 = 12 + 7 + 9, then (2)
    ]
    assert [len(title) for title in book.sheetnames[1:]] == [31, 31]


def test_the_list_speaks_english_on_the_english_page():
    sheet = marked(lang="en")["Problems"]
    header, first = list(sheet.iter_rows(values_only=True, max_row=2))
    assert header == ("File", "Sheet", "Row", "Column", "Value", "Problem and what to do")
    assert first[5] == problem_text(OUT_OF_RANGE, "en")


def test_a_sheet_refused_for_merged_cells_is_still_copied_with_the_range_marked():
    data = good_workbook(edit=lambda sheet: sheet.merge_cells("B3:C3"))
    with pytest.raises(IntakeRefused) as refused:
        read_workbook("长安区.xlsx", data)
    sheet = marked([("长安区.xlsx", data)], refused.value.problems)["长安区·月报"]
    assert sheet["B3"].value == "青园街道"
    assert sheet["B3"].fill.fgColor.rgb == ROSE
    assert sheet["B3"].comment.text.startswith("单元格 B3:C3 被合并")
