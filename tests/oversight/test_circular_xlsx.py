"""The workbook read back with openpyxl: sheets, headers, values, frozen header rows, band
and list fills, print setup, and texts that look like formulas kept as text."""

from __future__ import annotations

import io

import openpyxl
import pytest

from oversight.circular.content import build_circular
from oversight.circular.xlsx import write_xlsx
from oversight.palette import BAND_FILLS, HEADER_FILL, LIST_FILLS
from tests.fixture_circular import FIGURES, ranking


def read(circular) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(write_xlsx(circular)))


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return read(build_circular(ranking(), FIGURES))


def values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def fill(cell) -> str:
    return "#" + cell.fill.fgColor.rgb[2:].lower()


def test_a_sheet_per_section(book):
    assert book.sheetnames == [
        "总体情况",
        "区县排名",
        "单位排名",
        "红黑榜",
        "存在问题",
        "下步工作要求",
        "得分说明",
    ]


def test_unit_ranking_values_fills_and_frozen_header(book):
    sheet = book["单位排名"]
    rows = values(sheet)
    assert rows[0] == ["名次", "单位", "区县", "区县内名次", "得分", "等级", "名次变化", "榜单", "否决事项"]
    assert rows[1] == [1, "街道A2", "甲县", 1, 97.5, "优秀", "↑1", "红榜", None]
    assert rows[4] == [4, "街道B1", "乙区", 2, 67.5, "不达标", "—", "黑榜", "当月月报缺报"]
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert fill(sheet["A1"]) == HEADER_FILL
    assert sheet["A1"].font.b
    assert fill(sheet["F2"]) == BAND_FILLS["excellent"]
    assert fill(sheet["F3"]) == BAND_FILLS["fail"]
    assert fill(sheet["H2"]) == LIST_FILLS["red"]
    assert fill(sheet["H5"]) == LIST_FILLS["black"]


def test_widths_fit_chinese_text(book):
    sheet = book["单位排名"]
    # 区县内名次: five characters, ten Latin widths, plus a margin of two.
    assert sheet.column_dimensions["D"].width == 12
    # 否决事项 column: 当月月报缺报, six characters.
    assert sheet.column_dimensions["I"].width == 14


def test_print_setup_fits_a4(book):
    for sheet in book.worksheets:
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert book["单位排名"].page_setup.orientation == "portrait"
    assert book["得分说明"].page_setup.orientation == "landscape"


def test_overview_figures_and_counties(book):
    rows = values(book["总体情况"])
    assert rows[0][:6] == ["指标", "本月", "环比", "同比", "本年累计", "同比"]
    assert rows[1][:2] == ["应报月报（份）", 4]
    assert rows[1][4] == 31
    assert rows[5][:6] == ["事故（起）", 4, "增加3（300.0%）", "增加2（100.0%）", 5, "月报数不同，不可比"]
    counties = rows[11:14]
    assert counties[0] == [
        "区县",
        "单位数",
        "未启动",
        "备案启动",
        "推进实施",
        "已下达（万元）",
        "已拨付（万元）",
    ]
    assert counties[1] == ["甲县", 2, 0, 1, 1, 12.0, 8.0]
    assert counties[2] == ["乙区", 2, 2, 0, 0, 5.0, 0.0]


def test_counties_lists_problems_requirements_annex(book):
    assert values(book["区县排名"])[1] == [1, "甲县", 2, 93.75, 50.0, 80.63, "达标", "—"]
    lists = values(book["红黑榜"])
    assert [row[:3] for row in lists[1:]] == [
        ["红榜", 1, "街道A2"],
        ["黑榜", 2, "街道A1"],
        ["黑榜", 3, "街道B2"],
        ["黑榜", 4, "街道B1"],
    ]
    assert lists[4][5:] == ["是", 2]
    problems = values(book["存在问题"])
    assert problems[1] == [1, "月报缺报。2个单位有月报未报：街道B2（2015年9月）、街道B1（2015年9月）。"]
    assert len(problems) == 8
    requirements = values(book["下步工作要求"])
    assert requirements[1][1].startswith("（一）抓紧补报月报。")
    annex = values(book["得分说明"])
    assert annex[2][:5] == [2, "街道A1", "甲县", 90.0, "不达标"]
    assert "隐患整改：40分×15%＝6分。" in annex[2][5]


@pytest.mark.parametrize("name", ["=SUM(A1)", "@x", "-1", "+1"])
def test_a_name_that_looks_like_a_formula_is_text(name):
    book = read(build_circular(ranking(A2=name), FIGURES))
    for sheet_name in ("单位排名", "红黑榜", "得分说明"):
        cells = [c for row in book[sheet_name].iter_rows() for c in row if c.value == name]
        assert cells, sheet_name
        assert all(c.data_type == "s" and c.quotePrefix for c in cells)
