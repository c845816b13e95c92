"""Monthly workbooks made from the real template of tests/fixture_programme.py's city, and
filled in as a clerk would, for the upload tests.

:func:`march_book` is 测试市 (C)'s template for March 2020 with one report filled in, U12's
(row 3 of 月报; U11 is row 2, U13 row 4, ... U22 row 8, the units by county and code):

- stage 推进实施; education 2, trainings 1, drills 1, inspections 3, hazards found 4 and
  rectified 3, volunteers 12, reviews 0; participation 70%, satisfaction 90%; funds spent
  1,500.50 yuan, subsidy received 0; progress text “开展消防演练”.
- 安全领域: U12's fire row (row 14: U11's twelve domains are rows 2–13, fire first)
  1 project, 2 accidents, 3 injuries, deaths left blank (0).
- 自评等级 (row 3): every item A but 1.1 B.  Items are worth one point each under the
  A/B/C scheme, so the composite is (44 + 0.5) / 45 = 98.89% and indicator 1 (six
  items) 5.5 / 6 = 91.67%.

Uploaded "now" = 2020-04-05 09:00, before the 10 April deadline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, text

from data_access.regions import find_region
from data_access.templates import monthly_template
from oversight import catalogue
from oversight.intake.workbook import read_workbook

MARCH = dt.date(2020, 3, 1)
NOW = dt.datetime(2020, 4, 5, 9)
FILE = "月报.xlsx"
U12_ROW = 3
U12_FIRE_ROW = 14
U12_VALUES = {
    "创建阶段": "推进实施",
    "安全教育（次）": 2,
    "安全培训（次）": 1,
    "应急演练（次）": 1,
    "综合检查（次）": 3,
    "发现隐患（项）": 4,
    "整改隐患（项）": 3,
    "志愿者（人）": 12,
    "绩效评审（次）": 0,
    "居民参与率（%）": 70,
    "居民满意度（%）": 90,
    "资金支出（元）": 1500.5,
    "补助到位（元）": 0,
    "工作进展": "开展消防演练",
}
TABLES = ("report", "report_grade", "report_domain", "report_summary", "data_version")


def template(engine: Engine, region: str = "C", month: dt.date = MARCH) -> Workbook:
    return load_workbook(io.BytesIO(monthly_template(engine, find_region(engine, region), month)))


def column(sheet, header: str) -> int:
    """The 1-based column of ``header`` in the sheet's first row."""
    return next(cell.column for cell in sheet[1] if cell.value == header)


def put(sheet, row: int, values: dict) -> None:
    for header, value in values.items():
        sheet.cell(row, column(sheet, header)).value = value


def march_book(engine: Engine, region: str = "C") -> Workbook:
    book = template(engine, region)
    put(book["月报"], U12_ROW, U12_VALUES)
    put(book["安全领域"], U12_FIRE_ROW, {"促进项目数": 1, "事故数": 2, "伤害数": 3})
    grades = {item["code"]: "A" for item in catalogue.items()} | {"1.1": "B"}
    put(book["自评等级"], U12_ROW, grades)
    return book


def upload(book: Workbook, name: str = FILE):
    output = io.BytesIO()
    book.save(output)
    return read_workbook(name, output.getvalue())


def snapshot(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row of the tables a report write touches."""
    result = {}
    with engine.connect() as connection:
        for table in TABLES:
            rows = sorted(repr(tuple(row)) for row in connection.execute(text(f"SELECT * FROM {table}")))
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result
