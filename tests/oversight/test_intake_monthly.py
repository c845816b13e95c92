"""The monthly workbook's columns and cell reading, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from oversight.i18n import MESSAGES
from oversight.intake.monthly import (
    DOMAIN_COLUMNS,
    FIELD_COLUMNS,
    REPORT_COLUMNS,
    STAGE,
    CellError,
    Column,
    Place,
    grade_columns,
    read_cell,
    read_sheet,
)
from oversight.report_fields import DOMAIN_FIELDS, REPORT_FIELDS

COUNT = Column("次数", "count", "drills")
RATE = Column("参与率", "rate", "participation_rate")
MONEY = Column("金额", "money", "funds_spent")
MONTH = Column("月份", "month")


def test_every_report_field_has_one_column_in_order():
    assert (STAGE.field, *(c.field for c in FIELD_COLUMNS)) == REPORT_FIELDS
    assert tuple(c.field for c in DOMAIN_COLUMNS if c.field) == DOMAIN_FIELDS
    headers = [c.header for c in REPORT_COLUMNS]
    assert len(headers) == len(set(headers))


def test_grade_columns_name_parts_only_when_a_scheme_has_several():
    assert [c.header for c in grade_columns([("1.1", "overall", "总体")], True)] == ["1.1"]
    parts = grade_columns([("2.4", "existence", "有无"), ("2.4", "effect", "效果")], False)
    assert [(c.header, c.field) for c in parts] == [("2.4 有无", "2.4|existence"), ("2.4 效果", "2.4|effect")]


@pytest.mark.parametrize(
    ("column", "value", "read"),
    [
        (COUNT, 12, 12),
        (COUNT, 3.0, 3),
        (COUNT, " 1,200 ", 1200),
        (COUNT, None, None),
        (COUNT, "  ", None),
        (RATE, 85.5, 85.5),
        (RATE, 0, 0.0),
        (RATE, "100", 100.0),
        (MONEY, 1500.5, Decimal("1500.50")),
        (MONEY, "20000", Decimal("20000.00")),
        (MONTH, "2020-03", dt.date(2020, 3, 1)),
        (MONTH, "2020年3月", dt.date(2020, 3, 1)),
        (MONTH, dt.datetime(2020, 3, 15), dt.date(2020, 3, 1)),
        (STAGE, "推进实施", "implementing"),
        (STAGE, "implementing", "implementing"),
    ],
)
def test_cells_read_as_their_column_asks(column, value, read):
    assert read_cell(column, value) == read


@pytest.mark.parametrize(
    ("column", "value", "key"),
    [
        (COUNT, "两次", "not_number"),
        (COUNT, "12次", "not_number"),
        (COUNT, True, "not_number"),
        (COUNT, 1.5, "not_whole"),
        (COUNT, -1, "negative"),
        (COUNT, 1_000_001, "count_too_large"),
        (RATE, 100.01, "rate_range"),
        (RATE, -0.5, "rate_range"),
        (MONEY, 0.1 + 0.2, "money_cents"),
        (MONEY, -3, "negative"),
        (MONEY, 2_000_000_000, "money_too_large"),
        (MONTH, "2020-13", "bad_month"),
        (MONTH, "三月", "bad_month"),
        (STAGE, "已完成", "unknown_stage"),
        (COUNT, "=SUM(A1:A3)", "formula"),
        (MONTH, "=TODAY()", "formula"),
    ],
)
def test_bad_cells_say_what_is_wrong(column, value, key):
    with pytest.raises(CellError) as raised:
        read_cell(column, value)
    assert raised.value.key == key
    text = MESSAGES["zh"][f"intake.problem.monthly_{key}"]
    assert text.format(**raised.value.values)


COLUMNS = (Column("编码", "unit"), Column("次数", "count", "drills"))
PLACE = Place("月报.xlsx", "月报")


def _problems(rows):
    problems = []
    read = read_sheet(PLACE, rows, COLUMNS, problems)
    return read, [(p.row, p.column, p.value, p.key) for p in problems]


def test_a_sheet_is_read_by_its_headers_in_any_order_and_trailing_blank_rows_are_ignored():
    read, problems = _problems([(1, ("次数", "编码")), (2, (3, "U1")), (3, (None, None)), (4, ("", None))])
    assert problems == []
    assert [(r.number, dict(r.cells)) for r in read] == [(2, {"次数": 3, "编码": "U1"})]


def test_header_and_row_problems_are_all_said():
    rows = [
        (1, ("编码", "数量", "编码")),
        (2, ("U1", 1, None)),
        (3, (None, None, None)),
        (4, ("U2", None, None, "多余")),
    ]
    read, problems = _problems(rows)
    assert problems == [
        (1, "B", "数量", "monthly_extra_column"),
        (1, "C", "编码", "monthly_duplicate_column"),
        (1, "次数", None, "monthly_missing_column"),
        (3, None, None, "monthly_blank_row"),
        (4, "D", "多余", "monthly_value_outside_columns"),
    ]
    assert [r.number for r in read] == [2, 4]


def test_an_empty_sheet():
    assert _problems([]) == ([], [(None, None, None, "monthly_empty_sheet")])


def test_every_problem_key_has_its_sentence_in_both_languages():
    zh = {k for k in MESSAGES["zh"] if k.startswith("intake.problem.monthly_")}
    en = {k for k in MESSAGES["en"] if k.startswith("intake.problem.monthly_")}
    assert zh == en and len(zh) >= 30


def test_the_docs_list_every_column():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "templates_monthly.md").read_text(encoding="utf-8")
    for column in (*REPORT_COLUMNS, *DOMAIN_COLUMNS):
        assert f"| {column.header} |" in text, column.header
