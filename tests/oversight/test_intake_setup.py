"""How the setup workbook's cells are read (oversight/intake/setup.py), cell by cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from oversight.intake.setup import (
    ALLOCATIONS,
    PROGRAMMES,
    REGIONS,
    TARGETS,
    CellProblem,
    read_cell,
    read_sheet,
)


def column(sheet, field):
    return next(c for c in sheet.columns if c.field == field)


@pytest.mark.parametrize(
    ("sheet", "field", "value", "read"),
    [
        (REGIONS, "code", 640202001, "640202001"),
        (REGIONS, "code", 640202.0, "640202"),
        (REGIONS, "code", " 640202 ", "640202"),
        (REGIONS, "name_en", None, ""),
        (REGIONS, "parent_code", "  ", None),
        (PROGRAMMES, "start_date", dt.datetime(2024, 1, 1), dt.date(2024, 1, 1)),
        (PROGRAMMES, "start_date", "2024-01-31", dt.date(2024, 1, 31)),
        (PROGRAMMES, "report_deadline_day", 28.0, 28),
        (ALLOCATIONS, "amount", "1,000.5", Decimal("1000.50")),
        (ALLOCATIONS, "amount", 0.01, Decimal("0.01")),
        (TARGETS, "threshold", 60, Decimal("60.00")),
    ],
)
def test_a_good_cell_is_read_as_its_column_takes_it(sheet, field, value, read):
    assert read_cell(column(sheet, field), value, {}) == read


@pytest.mark.parametrize(
    ("sheet", "field", "value", "key"),
    [
        (REGIONS, "code", "640 202", "setup_not_code"),
        (REGIONS, "code", dt.datetime(2024, 1, 1), "setup_not_code"),
        (REGIONS, "code", None, "setup_required"),
        (REGIONS, "name_zh", "=B2", "setup_formula"),
        (REGIONS, "name_zh", "街" * 61, "setup_too_long"),
        (PROGRAMMES, "start_date", dt.datetime(2024, 1, 1, 12), "setup_not_date"),
        (PROGRAMMES, "start_date", "2024-02-30", "setup_not_date"),
        (PROGRAMMES, "start_date", 45292, "setup_not_date"),
        (PROGRAMMES, "report_deadline_day", 29, "setup_not_day"),
        (PROGRAMMES, "report_deadline_day", 5.5, "setup_not_day"),
        (PROGRAMMES, "report_deadline_day", True, "setup_not_day"),
        (ALLOCATIONS, "amount", 0, "setup_not_money"),
        (ALLOCATIONS, "amount", 1.005, "setup_not_money"),
        (ALLOCATIONS, "amount", "NaN", "setup_not_money"),
        (ALLOCATIONS, "amount", "五万", "setup_not_money"),
        (TARGETS, "threshold", -1, "setup_not_number"),
        (TARGETS, "shape", "份额目标", "setup_not_choice"),
    ],
)
def test_a_bad_cell_says_what_is_wrong(sheet, field, value, key):
    with pytest.raises(CellProblem) as raised:
        read_cell(column(sheet, field), value, {"比例目标": "share"})
    assert raised.value.key == key


def test_the_example_and_blank_rows_are_skipped_and_a_bad_row_comes_back_incomplete():
    rows = [
        (1, (*REGIONS.headers, None)),
        (2, ("640202001", "朝阳街道", None, "街道乡镇", "街道", "640202", "示例", None)),
        (3, (None,) * 8),
        (4, ("640202", "大武口区", None, "县级", "区", "640200", None, None)),
        (5, ("640202 002", "人民路街道", None, "街道乡镇", "街道", "640202", "核对中", None)),
    ]
    choices = {"level": {"县级": "county", "街道乡镇": "unit"}, "kind": {"区": "district", "街道": "street"}}
    records, problems = read_sheet("设置.xlsx", REGIONS, rows, choices)
    assert [(r.row, r.complete, r.values["code"]) for r in records] == [(4, True, "640202"), (5, False, None)]
    assert [(p.row, p.column, p.value, p.key) for p in problems] == [
        (5, "地区编码", "640202 002", "setup_not_code")
    ]
