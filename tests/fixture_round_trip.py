"""A programme that runs now, and the month's report workbook a clerk fills, for the round
trip template → fill → upload → every page (tests/pages/test_round_trip.py).

Dates follow the clock: ``THIS_MONTH`` is today's month, ``REPORTED`` the month before it,
whose reports the bureau collects this month (the 填报情况 page of ``THIS_MONTH`` shows
them, as the overview does).  The schema lets a deadline fall on the 28th at the latest,
so a report sent now for ``REPORTED`` is on time on the 1st to the 28th, and late on the
29th to the 31st (:func:`on_time`).

回环市 (C) has two districts:

- 甲区 (D1) with streets U11, U12, U13; 乙区 (D2) with U21.
- Programme RT (national, graded A/B/C, one point an item) runs from the first day of
  ``REPORTED`` for a year; reports are due on the 28th of the next month.  Every street
  is enrolled on its first day; U11 and U12 launched (备案启动) that day, U13 and U21
  never did.  No report is stored.

:func:`filled_book` is 甲区's template for ``REPORTED`` (rows 2, 3, 4 of 月报 are U11,
U12, U13) with two reports filled in; U13's row is left blank, so it is no report:

============ ====== ===== ===== ===== ====== ===== ====== ====== ====== ====== ========= =========
unit         stage  edu.  train drill insp.  found fixed  vol.   rev.   part.  satisf.   spent /
                                                                                         received
============ ====== ===== ===== ===== ====== ===== ====== ====== ====== ====== ========= =========
U11          推进实施 3     2     1     4      6     5      25     1      64     87.5      15,000 /
                                                                                         20,000
U12          备案启动 1     0     0     2      2     2      8      0      55     81        3,500 / 0
============ ====== ===== ===== ===== ====== ===== ====== ====== ====== ====== ========= =========

- 安全领域: U11's 消防安全 row (row 2: U11's twelve domains are rows 2–13, fire first)
  2 projects, 1 accident, 3 injuries, no death.
- 自评等级: U11 grades the six items of indicator 1 (组织机构) C and the other 39 A:
  indicator 1 scores 0, the others 100, the composite 39 / 45 = 86.67%, six C items.
  U12 grades all 45 items B: every indicator 50, the composite 50.0%, no C item.

The correction (:func:`corrected_book`) is the same workbook with U11's 安全教育 3 → 5.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from data_access.loading import (
    EnrolmentSpec,
    ProgrammeData,
    ProgrammeSpec,
    RegionSpec,
    StageEventSpec,
    load_programme_data,
)
from data_access.regions import find_region
from data_access.templates import monthly_template
from oversight import catalogue

THIS_MONTH = dt.date.today().replace(day=1)
REPORTED = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)
DEADLINE_DAY = 28
"""The latest deadline day the schema allows (programme.report_deadline_day ≤ 28)."""
DEADLINE = dt.datetime.combine(THIS_MONTH.replace(day=DEADLINE_DAY), dt.time(23, 59, 59))
"""The last second a report of ``REPORTED`` is on time."""

U11_ROW, U12_ROW, U13_ROW = 2, 3, 4
U11_FIRE_ROW = 2
U11_VALUES = {
    "创建阶段": "推进实施",
    "安全教育（次）": 3,
    "安全培训（次）": 2,
    "应急演练（次）": 1,
    "综合检查（次）": 4,
    "发现隐患（项）": 6,
    "整改隐患（项）": 5,
    "志愿者（人）": 25,
    "绩效评审（次）": 1,
    "居民参与率（%）": 64,
    "居民满意度（%）": 87.5,
    "资金支出（元）": 15000,
    "补助到位（元）": 20000,
    "工作进展": "组织消防疏散演练",
}
U12_VALUES = {
    "创建阶段": "备案启动",
    "安全教育（次）": 1,
    "安全培训（次）": 0,
    "应急演练（次）": 0,
    "综合检查（次）": 2,
    "发现隐患（项）": 2,
    "整改隐患（项）": 2,
    "志愿者（人）": 8,
    "绩效评审（次）": 0,
    "居民参与率（%）": 55,
    "居民满意度（%）": 81,
    "资金支出（元）": 3500,
    "补助到位（元）": 0,
}
ITEMS = [item["code"] for item in catalogue.items()]
U11_GRADES = {code: "C" if code.split(".")[0] == "1" else "A" for code in ITEMS}
U12_GRADES = dict.fromkeys(ITEMS, "B")


def programme_data() -> ProgrammeData:
    regions = [
        RegionSpec("P", "测试省", "province", "province", name_en="Test Province"),
        RegionSpec("C", "回环市", "city", "city", "P", "Loop City"),
        RegionSpec("D1", "甲区", "county", "district", "C", "District One"),
        RegionSpec("D2", "乙区", "county", "district", "C", "District Two"),
        *(RegionSpec(code, f"街道{code}", "unit", "street", "D1") for code in ("U11", "U12", "U13")),
        RegionSpec("U21", "街道U21", "unit", "street", "D2"),
    ]
    programme = ProgrammeSpec(
        code="RT",
        name_zh="往返方案",
        name_en="Round-trip programme",
        region_code="C",
        level_code="national",
        scheme=("abc", 1),
        start_date=REPORTED,
        end_date=dt.date(REPORTED.year + 1, REPORTED.month, 1) - dt.timedelta(days=1),
        report_deadline_day=DEADLINE_DAY,
        source="hand-written test fixture",
        units=[EnrolmentSpec(code, REPORTED) for code in ("U11", "U12", "U13", "U21")],
    )
    events = [StageEventSpec(code, "RT", "launched", REPORTED, "test") for code in ("U11", "U12")]
    return ProgrammeData(regions, [programme], events, [], [])


def load(engine: Engine) -> None:
    load_programme_data(engine, programme_data())


def column(sheet, header: str) -> int:
    """The 1-based column of ``header`` in the sheet's first row."""
    return next(cell.column for cell in sheet[1] if cell.value == header)


def put(sheet, row: int, values: dict) -> None:
    for header, value in values.items():
        sheet.cell(row, column(sheet, header)).value = value


def filled_book(engine: Engine) -> Workbook:
    """甲区's template for ``REPORTED``, from the database, filled in as a clerk would."""
    book = load_workbook(io.BytesIO(monthly_template(engine, find_region(engine, "D1"), REPORTED)))
    put(book["月报"], U11_ROW, U11_VALUES)
    put(book["月报"], U12_ROW, U12_VALUES)
    put(book["安全领域"], U11_FIRE_ROW, {"促进项目数": 2, "事故数": 1, "伤害数": 3})
    put(book["自评等级"], U11_ROW, U11_GRADES)
    put(book["自评等级"], U12_ROW, U12_GRADES)
    return book


def corrected_book(engine: Engine) -> Workbook:
    """The template downloaded again after the upload (the reports filled in from the
    database), with U11's 安全教育 corrected from 3 to 5."""
    book = load_workbook(io.BytesIO(monthly_template(engine, find_region(engine, "D1"), REPORTED)))
    put(book["月报"], U11_ROW, {"安全教育（次）": 5})
    return book


def as_bytes(book: Workbook) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def on_time(submitted_at: dt.datetime) -> bool:
    """Whether a report of ``REPORTED`` first sent at ``submitted_at`` is on time: by the
    end of the 28th of ``THIS_MONTH`` (docs/rules.md, section 2)."""
    return submitted_at <= DEADLINE
