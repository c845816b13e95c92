"""The blank setup workbook a bureau fills in to set up a city (docs/templates_setup.md).

Its sheets and columns are those of :mod:`oversight.intake.setup`; its drop-down lists are
the ones the importer accepts (:func:`data_access.intake_setup.setup_choices`: title
levels and grading schemes from this database's catalogue), listed on a sheet 可选值 so
that long lists fit.  Each data sheet holds one example row marked 示例 in its 备注
column, which the importer skips.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine

from data_access.database import reading
from data_access.intake_setup import setup_choices
from oversight.intake.kinds import INSTRUCTIONS_SHEET
from oversight.intake.setup import (
    ALLOCATIONS,
    DISBURSEMENTS,
    ENROLMENTS,
    EXAMPLE_MARK,
    PROGRAMMES,
    REGIONS,
    SHEETS,
    STAGES,
    TARGETS,
    Column,
    Sheet,
)
from oversight.spreadsheet_text import texts_as_text

CHOICES_SHEET = "可选值"
DATA_ROWS = 10000
"""How far down each column's validation reaches: a province's units fit."""

KIND_TEXT = {
    "text": "文字",
    "code": "编码，不含空格",
    "date": "日期，如 2024-03-01",
    "day": "1 到 28 的整数",
    "money": "金额（元），大于 0，最多两位小数",
    "number": "大于 0 的数，最多两位小数",
    "choice": "从下拉列表中选择",
    "yes_no": "是 或 否",
    "seq": "1 到 100 的整数",
}
"""How the instructions sheet describes each kind of column (oversight.intake.setup.COLUMN_KINDS)."""

SHEET_TEXT = {
    REGIONS.name: "市、县级单位（区、县、园区）和街道乡镇，每行一个；上级地区须在本表或数据库中（先填上级）。",
    PROGRAMMES.name: "创建方案：所属地区、追求的命名级别、评分方案、起止日期、每月月报截止日。",
    STAGES.name: "方案各阶段的计划起止日期，序号从 1 起。",
    ENROLMENTS.name: "纳入方案的街道乡镇，自纳入日期起每月须报月报。",
    TARGETS.name: "方案的目标：比例目标的目标值为百分数，数量、各区县数量和试点目标为单位个数，资金目标为元。",
    ALLOCATIONS.name: "补助资金的下达：由哪个地区（财政）下达给哪个地区或单位。",
    DISBURSEMENTS.name: "按下达记录拨付的款项；方案、拨出地区、接收地区和下达日期须与一笔下达记录相同。",
}

EXAMPLES = {
    REGIONS.name: ("640202001", "朝阳街道", "Chaoyang Subdistrict", "街道乡镇", "街道", "640202"),
    PROGRAMMES.name: (
        "DWK-2011",
        "大武口区安全社区建设工作实施方案",
        "Dawukou District Safe Community plan",
        "640202",
        None,
        None,
        "2011-05-01",
        "2015-12-31",
        5,
        "大武口区人民政府办公室 2011年6月3日印发",
        "Issued by the Dawukou District Government, 3 June 2011",
    ),
    STAGES.name: ("DWK-2011", 1, "启动阶段", "Launch", "2011-05-01", "2011-05-31"),
    ENROLMENTS.name: ("DWK-2011", "640202001", "2011-05-01", "是"),
    TARGETS.name: (
        "DWK-2011",
        "T2",
        "数量目标",
        "640202",
        None,
        4,
        "2015-12-31",
        "到2015年全区建成国家安全社区4个",
        "4 national safe communities by 2015",
    ),
    ALLOCATIONS.name: ("DWK-2011", "640202", "640202001", "2011-06-01", 30000, "区财政启动补助"),
    DISBURSEMENTS.name: ("DWK-2011", "640202", "640202001", "2011-06-01", "2011-07-15", 30000, ""),
}
"""One example row per sheet (a blank choice takes the first of its list)."""

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXAMPLE_FONT = Font(italic=True, color="808080")


def setup_template(engine: Engine) -> bytes:
    """The setup workbook, blank but for one example row a sheet, as .xlsx bytes."""
    with reading(engine) as reader:
        choices = setup_choices(reader.connection)
    book = Workbook()
    book.remove(book.active)
    ranges = _choices_ranges(choices)
    for sheet in SHEETS:
        _data_sheet(book, sheet, choices, ranges)
    _choices_sheet(book, choices)
    _instructions(book)
    texts_as_text(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _choices_ranges(choices: dict[str, dict]) -> dict[str, str]:
    return {
        name: f"{quote_sheetname(CHOICES_SHEET)}!${get_column_letter(i)}$2:${get_column_letter(i)}${len(labels) + 1}"
        for i, (name, labels) in enumerate(choices.items(), start=1)
    }


def _data_sheet(book: Workbook, sheet: Sheet, choices: dict[str, dict], ranges: dict[str, str]) -> None:
    ws = book.create_sheet(sheet.name)
    ws.append(sheet.headers)
    example = [
        value if value is not None or column.choices is None else next(iter(choices[column.choices]))
        for column, value in zip(sheet.columns, EXAMPLES[sheet.name], strict=True)
    ]
    ws.append([*example, EXAMPLE_MARK])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for cell in ws[2]:
        cell.font = _EXAMPLE_FONT
    ws.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
        validation = _validation(column, ranges)
        if validation is not None:
            validation.error = f"“{column.header}”：{KIND_TEXT[column.kind]}"
            validation.showErrorMessage = True
            ws.add_data_validation(validation)
            validation.add(f"{letter}3:{letter}{DATA_ROWS}")
    ws.column_dimensions[get_column_letter(len(sheet.headers))].width = 16


def _validation(column: Column, ranges: dict[str, str]) -> DataValidation | None:
    if column.kind == "choice":
        return DataValidation(type="list", formula1=ranges[column.choices], allow_blank=not column.required)
    if column.kind == "yes_no":
        return DataValidation(type="list", formula1='"是,否"', allow_blank=False)
    if column.kind == "day":
        return DataValidation(type="whole", operator="between", formula1="1", formula2="28")
    if column.kind == "seq":
        return DataValidation(type="whole", operator="between", formula1="1", formula2="100")
    if column.kind in ("money", "number"):
        return DataValidation(type="decimal", operator="greaterThan", formula1="0")
    if column.kind == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="36526")
    return None


def _choices_sheet(book: Workbook, choices: dict[str, dict]) -> None:
    ws = book.create_sheet(CHOICES_SHEET)
    headers = {
        "level": "层级",
        "kind": "类型",
        "shape": "目标形态",
        "title_level": "命名级别",
        "scheme": "评分方案",
    }
    for index, (name, labels) in enumerate(choices.items(), start=1):
        ws.cell(1, index, headers[name]).font = Font(bold=True)
        for row, label in enumerate(labels, start=2):
            ws.cell(row, index, label)
        ws.column_dimensions[get_column_letter(index)].width = max(12, 2 * max(map(len, labels), default=4))


def _instructions(book: Workbook) -> None:
    ws = book.create_sheet(INSTRUCTIONS_SHEET)
    lines: list[tuple[str, ...]] = [
        ("安全社区建设设置工作簿：填写说明",),
        ("用途：不写代码设置一个新城市——地区与单位、创建方案及阶段计划、参建单位、目标、补助下达与拨付。",),
        ("整个文件检查无误才会写入，有任何问题都不写入，并逐一列出问题所在的工作表、行和列。",),
        ("数据库中已有的记录不会被覆盖：同样的内容再次上传不作改动；内容不同的，列为问题。",),
        (
            "每张表第 2 行为示例（“备注”列为“示例”），导入时跳过，可以删除；不要改动表头、列的顺序和工作表名称。",
        ),
        ("“可选值”表列出各下拉列表的选项。",),
        (),
    ]
    for sheet in SHEETS:
        lines.append((f"工作表“{sheet.name}”", SHEET_TEXT[sheet.name]))
        lines.append(("列", "填写要求", "必填"))
        lines += [
            (
                c.header,
                "；".join(filter(None, (KIND_TEXT[c.kind], c.hint))),
                "必填" if c.required else "见说明" if c.hint else "可空",
            )
            for c in sheet.columns
        ]
        lines.append(("备注", "不导入；写“示例”的行被跳过", "可空"))
        lines.append(())
    for line in lines:
        ws.append(line)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
