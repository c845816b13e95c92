"""The stages workbook's template for a region (docs/templates_stages.md).

Every unit of the region enrolled in a programme gets a row of the data sheet with its
code, name and programme filled in, so an office only fills the records it has; the
lists of the record kinds, stages, decisions and title levels come from the database, as
the upload reads them back.  A second sheet shows where each unit stands today.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select

from data_access.database import read_rows
from data_access.models import Programme, ProgrammeUnit, Region, Stage, StageEvent, Title, TitleLevel
from data_access.regions import RegionRef, within
from oversight.intake.kinds import INSTRUCTIONS_SHEET
from oversight.intake.stages import (
    COLUMNS,
    DECISIONS,
    INSTRUCTIONS,
    PREFILLED,
    RECORDS,
    SHEET,
    UNIT_COLUMNS,
    UNITS_SHEET,
)
from oversight.spreadsheet_text import texts_as_text
from oversight.stage_path import PATH

SPARE_ROWS = 200
"""Rows below the units' that keep the lists, for the records an office adds by copying a row."""

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_PREFILLED_FILL = PatternFill("solid", fgColor="F2F2F2")


def stages_template(engine: Engine, region: RegionRef) -> bytes:
    """The stages workbook for ``region`` as .xlsx bytes."""
    units = _units(engine, region)
    stages = {code: name for code, name in read_rows(engine, select(Stage.code, Stage.name_zh))}
    levels = [row.name_zh for row in read_rows(engine, select(TitleLevel.name_zh).order_by(TitleLevel.rank))]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    _data_sheet(sheet, units, [stages[code] for code in PATH[1:]], levels)
    _units_sheet(book.create_sheet(UNITS_SHEET), units, stages, _titles(engine, region))
    _instructions(book.create_sheet(INSTRUCTIONS_SHEET), region)
    texts_as_text(book)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _units(engine: Engine, region: RegionRef) -> list:
    """The region's enrolled units, one row per programme, with their latest stage."""
    county = Region.__table__.alias("county")
    latest = (
        select(StageEvent.stage_code, StageEvent.entered_on)
        .where(StageEvent.unit_id == Region.id, StageEvent.programme_id == Programme.id)
        .order_by(StageEvent.entered_on.desc(), StageEvent.id.desc())
        .limit(1)
    )
    return read_rows(
        engine,
        select(
            Region.id,
            Region.code,
            Region.name_zh,
            county.c.name_zh.label("county_zh"),
            Programme.code.label("programme_code"),
            latest.with_only_columns(StageEvent.stage_code).scalar_subquery().label("stage_code"),
            latest.with_only_columns(StageEvent.entered_on).scalar_subquery().label("since"),
        )
        .join(ProgrammeUnit, ProgrammeUnit.unit_id == Region.id)
        .join(Programme, Programme.id == ProgrammeUnit.programme_id)
        .outerjoin(county, county.c.id == Region.county_id)
        .where(Region.level == "unit", within(Region, region))
        .order_by(Region.code, Programme.code),
    )


def _titles(engine: Engine, region: RegionRef) -> dict[int, list[str]]:
    """Unit id → the certificate numbers of its titles neither revoked nor renewed."""
    renewed = select(Title.renews_id).where(Title.renews_id.is_not(None))
    rows = read_rows(
        engine,
        select(Title.unit_id, Title.certificate_no)
        .join(Region, Region.id == Title.unit_id)
        .where(within(Region, region), Title.revoked_on.is_(None), Title.id.not_in(renewed))
        .order_by(Title.named_on, Title.id),
    )
    titles: dict[int, list[str]] = {}
    for unit_id, number in rows:
        titles.setdefault(unit_id, []).append(number)
    return titles


def _data_sheet(sheet, units: list, stage_names: list[str], levels: list[str]) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, index, column.header)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.comment = Comment(column.note, "模板")
        sheet.column_dimensions[get_column_letter(index)].width = column.width + 4
    positions = {column.name: index for index, column in enumerate(COLUMNS, start=1)}
    for row, unit in enumerate(units, start=2):
        values = {"unit_code": unit.code, "unit_name": unit.name_zh, "programme_code": unit.programme_code}
        for name in PREFILLED:
            cell = sheet.cell(row, positions[name], values[name])
            cell.fill = _PREFILLED_FILL
    last = len(units) + 1 + SPARE_ROWS
    lists = {"record": list(RECORDS), "stage": stage_names, "decision": list(DECISIONS), "level": levels}
    for name, choices in lists.items():
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请从列表中选择",
            error=f"“{COLUMNS[positions[name] - 1].header}”只能填列表中的一项",
        )
        sheet.add_data_validation(validation)
        letter = get_column_letter(positions[name])
        validation.add(f"{letter}2:{letter}{last}")
    for column in COLUMNS:
        if column.kind == "date":
            letter = get_column_letter(positions[column.name])
            for row in range(2, last + 1):
                sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "D2"


def _units_sheet(sheet, units: list, stages: dict[str, str], titles: dict[int, list[str]]) -> None:
    sheet.append(UNIT_COLUMNS)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    for unit in units:
        sheet.append(
            (
                unit.code,
                unit.name_zh,
                unit.county_zh,
                unit.programme_code,
                stages[unit.stage_code or PATH[0]],
                _as_date(unit.since),
                "、".join(titles.get(unit.id, [])),
            )
        )
    for index, width in enumerate((14, 18, 14, 14, 12, 12, 30), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 4
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].number_format = "yyyy-mm-dd"


def _instructions(sheet, region: RegionRef) -> None:
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 100
    sheet.append((f"{region.name_zh} 阶段与命名登记表 填写说明",))
    sheet["A1"].font = Font(bold=True, size=14)
    for number, line in enumerate(INSTRUCTIONS, start=1):
        sheet.append((f"{number}.", line))
    sheet.append(())
    sheet.append(("列", "填写要求"))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append((column.header, column.note))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
