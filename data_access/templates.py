"""The monthly-report template (月报模板) of a region and month, made from the database.

One row per unit that owes the month's report, its code, name and county filled in; the
columns, validation lists and input ranges of ``oversight/intake/monthly.py``; the
month's reports already in the database filled in (so a correction starts from what was
sent), the stage carried over from the month before, and last month's reports on a sheet
of their own beside it.  Written in openpyxl's write-only mode: a province's template
is a few hundred thousand cells.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select

from data_access.database import Reader, reading
from data_access.intake_monthly import CurrentReport, GradeScheme, current_reports, grade_schemes
from data_access.models import Programme, ProgrammeUnit, Region, Stage, StageEvent
from data_access.regions import RegionRef, within
from oversight import catalogue
from oversight.intake.kinds import INSTRUCTIONS_SHEET
from oversight.intake.monthly import (
    COUNT_MAX,
    DOMAIN_COLUMNS,
    DOMAIN_SHEET,
    DOMAINS,
    FIELD_COLUMNS,
    FORMAT,
    GRADE_FIXED,
    GRADE_SHEET,
    MONEY_MAX,
    PREVIOUS_SHEET,
    REPORT_COLUMNS,
    REPORT_SHEET,
    STAGES,
    TEMPLATE_REGION,
    Column,
    month_text,
)
from oversight.periods import month_end
from oversight.report_fields import DOMAIN_FIELDS
from oversight.scoring import scheme_for
from oversight.spreadsheet_text import as_text

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_GIVEN_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")


def monthly_template(engine: Engine, region: RegionRef, month: dt.date) -> bytes:
    """The month's report workbook for the units of ``region`` (sheets 月报, 安全领域,
    自评等级, 上月数据, 填写说明; docs/templates_monthly.md)."""
    month = month.replace(day=1)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    with reading(engine) as reader:
        units = _units(reader, region, month)
        keys = [(u["code"], m) for u in units for m in (month, previous)]
        reports = current_reports(reader, keys)
        stages = _stages_by_events(reader, [u["id"] for u in units], month)
        schemes = grade_schemes(reader)
    book = Workbook(write_only=True)
    now = {u["code"]: reports.get((u["code"], month)) for u in units}
    before = {u["code"]: reports.get((u["code"], previous)) for u in units}
    for unit in units:
        unit["stage"] = _stage(now[unit["code"]], before[unit["code"]], stages.get(unit["id"]), previous)
    _report_sheet(book, REPORT_SHEET, units, month, now, prefill_stage=True)
    _domain_sheet(book, units, month, now)
    by_columns: dict[tuple[Column, ...], list[dict]] = {}
    grades: dict[tuple[Column, ...], set[str]] = {}
    for unit in units:
        scheme: GradeScheme = schemes[unit["scheme_id"]]
        by_columns.setdefault(scheme.columns, []).append(unit)
        grades.setdefault(scheme.columns, set()).update(scheme.fractions)
    for number, (columns, members) in enumerate(by_columns.items(), start=1):
        # schemes graded in the same columns (A/B/C under two point tables) share a sheet
        name = GRADE_SHEET if number == 1 else f"{GRADE_SHEET}{number}"
        _grade_sheet(book, name, columns, sorted(grades[columns]), members, month, now)
    _report_sheet(book, PREVIOUS_SHEET, units, previous, before, prefill_stage=False)
    _instructions(book, region, month)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _units(reader: Reader, region: RegionRef, month: dt.date) -> list[dict[str, Any]]:
    """The units of the region that owe the month's report, by county and code, each with
    the scheme its report is graded under (:func:`oversight.scoring.scheme_for`)."""
    county = Region.__table__.alias("county")
    rows = reader.rows(
        select(
            Region.id,
            Region.code,
            Region.name_zh,
            county.c.name_zh,
            Programme.start_date,
            Programme.end_date,
            Programme.scheme_id,
        )
        .join(ProgrammeUnit, ProgrammeUnit.unit_id == Region.id)
        .join(Programme, Programme.id == ProgrammeUnit.programme_id)
        .outerjoin(county, county.c.id == Region.county_id)
        .where(
            Region.level == "unit",
            within(Region, region),
            Programme.start_date <= month_end(month),
            Programme.end_date >= month,
        )
        .order_by(county.c.code, Region.code, Programme.start_date)
    )
    units: dict[str, dict[str, Any]] = {}
    for id_, code, name, county_name, start, end, scheme_id in rows:
        unit = units.setdefault(
            code, {"id": id_, "code": code, "name": name, "county": county_name or "", "programmes": []}
        )
        unit["programmes"].append((start, end, scheme_id))
    for unit in units.values():
        unit["scheme_id"] = scheme_for(unit.pop("programmes"), month)
    return list(units.values())


def _stage(
    current: CurrentReport | None,
    previous: CurrentReport | None,
    event: tuple[dt.date, str] | None,
    month: dt.date,
) -> str:
    """The stage to offer: the month's own report's; else the stage recorded on the
    path after last month's report (a move the county entered since), else that report's;
    else the latest recorded; else 未启动."""
    if current is not None:
        return current.report.stage_code
    if event is not None and (previous is None or event[0] > month_end(month)):
        return event[1]
    return previous.report.stage_code if previous is not None else "not_started"


def _stages_by_events(
    reader: Reader, unit_ids: Sequence[int], month: dt.date
) -> dict[int, tuple[dt.date, str]]:
    """Each unit's latest stage entered by the month's end, and when."""
    latest: dict[int, tuple[dt.date, str]] = {}
    for start in range(0, len(unit_ids), 500):
        rows = reader.rows(
            select(StageEvent.unit_id, StageEvent.entered_on, StageEvent.stage_code)
            .join(Stage, Stage.code == StageEvent.stage_code)
            .where(
                StageEvent.unit_id.in_(unit_ids[start : start + 500]),
                StageEvent.entered_on <= month_end(month),
            )
            .order_by(StageEvent.unit_id, StageEvent.entered_on, Stage.seq, StageEvent.id)
        )
        latest.update((unit_id, (entered_on, stage)) for unit_id, entered_on, stage in rows)
    return latest


# --- sheets -----------------------------------------------------------------------------


def _start(book: Workbook, title: str, columns: Sequence[Column], notes: dict[str, str] | None = None):
    """A sheet with its column widths, frozen header and headers, each with its note
    (``notes``, by header, or the column's own; none when ``notes`` is empty)."""
    sheet = book.create_sheet(title)
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "C2"  # the unit's code and name stay in sight
    header = []
    for column in columns:
        cell = as_text(WriteOnlyCell(sheet, column.header))
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        note = column.note if notes is None else notes.get(column.header)
        if note:
            cell.comment = Comment(note, "模板", width=300, height=120)
        header.append(cell)
    sheet.append(header)
    return sheet


def _cell(sheet, column: Column, value: Any):
    cell = as_text(WriteOnlyCell(sheet, value))
    if column.kind in FORMAT:
        cell.number_format = FORMAT[column.kind]
    if column.given or column.kind in ("unit", "month"):
        cell.fill = _GIVEN_FILL  # what the template filled in and the clerk leaves alone
    return cell


def _report_sheet(book, title, units, month, reports, prefill_stage: bool) -> None:
    sheet = _start(book, title, REPORT_COLUMNS, notes=None if prefill_stage else {})
    for unit in units:
        current: CurrentReport | None = reports[unit["code"]]
        stage = current.report.stage_code if current else (unit["stage"] if prefill_stage else None)
        values = [
            unit["code"],
            unit["name"],
            unit["county"],
            month_text(month),
            STAGES.get(stage) if stage else None,
        ]
        values += [_value(current, column) for column in FIELD_COLUMNS]
        sheet.append(
            [_cell(sheet, column, value) for column, value in zip(REPORT_COLUMNS, values, strict=True)]
        )
    if prefill_stage:
        _validations(sheet, REPORT_COLUMNS, len(units))


def _value(current: CurrentReport | None, column: Column) -> Any:
    if current is None:
        return None
    value = getattr(current.report, column.field)
    if column.kind == "money":
        return float(value)
    return value if value != "" else None


def _domain_sheet(book, units, month, reports) -> None:
    sheet = _start(book, DOMAIN_SHEET, DOMAIN_COLUMNS)
    for unit in units:
        current = reports[unit["code"]]
        for code, name in DOMAINS.items():
            counts = current.report.domains.get(code) if current else None
            padded = (
                (*counts, *(0,) * (len(DOMAIN_FIELDS) - len(counts)))
                if counts
                else (None,) * len(DOMAIN_FIELDS)
            )
            values = [unit["code"], unit["name"], month_text(month), name, *padded]
            sheet.append(
                [_cell(sheet, column, value) for column, value in zip(DOMAIN_COLUMNS, values, strict=True)]
            )
    _validations(sheet, DOMAIN_COLUMNS, len(units) * len(DOMAINS))


def _grade_sheet(book, title, columns, grades: list[str], units, month, reports) -> None:
    """Units × items; each item's header carries its wording as a note, where the clerk
    grading it looks."""
    texts = {item["code"]: item["text_zh"] for item in catalogue.items()}
    every = (*GRADE_FIXED, *columns)
    notes = {column.header: column.note for column in GRADE_FIXED}
    notes |= {column.header: texts[column.field.split("|")[0]] for column in columns}
    sheet = _start(book, title, every, notes)
    for unit in units:
        current = reports[unit["code"]]
        graded = current.report.grades if current else {}
        values = [unit["code"], unit["name"], month_text(month)]
        values += [graded.get(tuple(column.field.split("|"))) for column in columns]
        sheet.append([_cell(sheet, column, value) for column, value in zip(every, values, strict=True)])
    _validations(sheet, every, len(units), grades)


def _validations(sheet, columns: Sequence[Column], rows: int, grades: Sequence[str] = ()) -> None:
    """Drop-down lists for stages, domains and grades, input ranges for counts, rates and
    money, over the sheet's data rows (at least one, so an empty template still guides)."""
    last = max(rows, 1) + 1
    runs: dict[str, list[list[int]]] = {}  # kind → runs of adjacent column positions
    for position, column in enumerate(columns, start=1):
        if _rule(column, grades) is None:
            continue
        spans = runs.setdefault(column.kind, [])
        if spans and spans[-1][-1] == position - 1:
            spans[-1].append(position)
        else:
            spans.append([position])
    for kind, spans in runs.items():
        rule = _rule(next(c for c in columns if c.kind == kind), grades)
        for span in spans:
            rule.add(f"{get_column_letter(span[0])}2:{get_column_letter(span[-1])}{last}")
        sheet.data_validations.append(rule)


def _rule(column: Column, grades: Sequence[str]) -> DataValidation | None:
    common = {
        "allow_blank": True,
        "showErrorMessage": True,
        "showInputMessage": True,
        "errorTitle": "输入有误",
    }
    if column.kind == "stage":
        return DataValidation(
            type="list", formula1=_list(STAGES.values()), error="请从下拉列表中选择创建阶段", **common
        )
    if column.kind == "domain":
        return DataValidation(
            type="list", formula1=_list(DOMAINS.values()), error="请从下拉列表中选择安全领域", **common
        )
    if column.kind == "grade" and grades:
        return DataValidation(
            type="list", formula1=_list(grades), error=f"等级只能填 {'/'.join(grades)}", **common
        )
    if column.kind == "count":
        return DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2=str(COUNT_MAX),
            error=f"请填 0 到 {COUNT_MAX} 之间的整数",
            **common,
        )
    if column.kind == "rate":
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            error="请填 0 到 100 之间的百分数",
            **common,
        )
    if column.kind == "money":
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=str(MONEY_MAX),
            error="请填不小于 0 的金额（元）",
            **common,
        )
    return None


def _list(values) -> str:
    return '"' + ",".join(values) + '"'


def _instructions(book, region: RegionRef, month: dt.date) -> None:
    sheet = book.create_sheet(INSTRUCTIONS_SHEET)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
    lines: list[tuple[Any, ...]] = [
        (TEMPLATE_REGION, region.code),
        ("填报地区", region.name_zh),
        ("报送月份", month_text(month)),
        (),
        ("怎样填写",),
    ]
    lines += [("", text) for text in _STEPS]
    for title, columns in ((REPORT_SHEET, REPORT_COLUMNS), (DOMAIN_SHEET, DOMAIN_COLUMNS)):
        lines += [(), (f"“{title}”表的列", "说明")]
        lines += [(column.header, column.note) for column in columns]
    lines += [(), (f"“{GRADE_SHEET}”表的列", "说明")]
    lines += [(column.header, column.note) for column in GRADE_FIXED]
    lines += [("指标项列（如 1.1）", _GRADE_NOTE)]
    lines += [(), (f"“{PREVIOUS_SHEET}”表", "上月各单位报送的数据，供对照填写；导入时不读取。")]
    for line in lines:
        cells = []
        for position, value in enumerate(line):
            cell = as_text(WriteOnlyCell(sheet, value))
            if position == 0 and value and (len(line) == 1 or line[1] == "说明"):
                cell.font = _HEADER_FONT
            if position == 1:
                cell.alignment = _WRAP
            cells.append(cell)
        sheet.append(cells)


_STEPS = (
    "1. 本模板按地区和月份生成，每个应报送的街道/乡镇一行，单位编码、名称和月份已预填，请勿修改；",
    "2. 在“月报”表填写本月数据：次数、人数、项数填整数，没有发生填 0；百分数填 0–100 的数字；金额单位为元；",
    "3. 某单位本月不报送，其行保持原样（除已预填内容外全部留空），导入时跳过；",
    "4. “安全领域”表每个单位列出十二个领域，有数据的领域填写四项计数，没有的整行计数留空；",
    "5. 本月开展自评的单位在“自评等级”表逐项填写等级（从下拉列表选择），要么全部填写，要么整行留空；",
    "6. 已报送的月份再次下载模板时，已报数据会预填；修改后上传即为更正，须填写更正原因，原报送内容保留；",
    "7. 更正时某单位在“安全领域”或“自评等级”表整行留空的，保留原报送内容；",
    "8. 请直接填写数值，不要使用公式，不要合并单元格，不要增删列或改动表头；数据中间不要留空行；",
    "9. 上传后系统会检查每个单元格，列出全部问题（文件、工作表、行、列、值）；有问题时不写入任何数据。",
)
_GRADE_NOTE = (
    "每个指标项（按评分方案分部分评分时为“指标项 部分”）一列，填评分方案的等级（下拉列表）；"
    "表头单元格的批注是该指标项的内容。"
)
