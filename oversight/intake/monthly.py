"""The monthly-report workbook (月报), declared once: its sheets, their columns, and what
each cell may hold.

The template (``data_access/templates.py``) writes these headers, validation lists and
input ranges; the upload (``data_access/intake_monthly.py``) reads the same columns back
and checks every cell with :func:`read_cell`; ``docs/templates_monthly.md`` lists them.
The report's fields come from :mod:`oversight.report_fields`, so a field added there
needs a column here, and a test holds the two together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils import get_column_letter

from oversight import catalogue
from oversight.intake.kinds import FIRST_SHEETS
from oversight.intake.problems import Problem, cell_text
from oversight.intake.workbook import Row
from oversight.report_fields import DOMAIN_FIELDS, REPORT_COUNTS, REPORT_MONEY, REPORT_RATES, REPORT_TEXTS

REPORT_SHEET = FIRST_SHEETS["monthly"]
DOMAIN_SHEET = "安全领域"
GRADE_SHEET = "自评等级"
PREVIOUS_SHEET = "上月数据"
"""A copy of the previous month's reports for the clerk to look at; never read back."""

TEMPLATE_REGION = "填报地区编码"
"""The label, on the instructions sheet, of the cell holding the template's region code:
an upload may only bring reports of units inside that region."""

COUNT_MAX = 1_000_000
"""The largest count a unit's month can hold; a bigger figure is a typing slip."""

MONEY_MAX = Decimal("1000000000")
"""The largest sum (yuan) one unit's month can hold: 10 亿元."""

FORMAT = {"count": "0", "rate": "0.0", "money": "#,##0.00", "month": "@", "unit": "@"}
"""Excel number formats of the typed columns; months and codes are text, so Excel does not
turn 2020-03 into a date or drop a code's leading zeros."""


@dataclass(frozen=True)
class Column:
    """One column of a data sheet.  ``kind`` says how its cells are read (:func:`read_cell`);
    ``field`` is the report field (or domain count) it fills; ``given`` columns are
    prefilled by the template and only shown back, never read."""

    header: str
    kind: str
    field: str | None = None
    note: str = ""
    given: bool = False
    width: int = 12


UNIT = Column("单位编码", "unit", note="街道/乡镇的编码，模板已预填，请勿修改", width=14)
NAME = Column("单位名称", "text", note="单位名称，仅供核对，导入时不读取", given=True, width=16)
COUNTY = Column("所属区县", "text", note="所属区县，仅供核对，导入时不读取", given=True, width=12)
MONTH = Column("月份", "month", note="报送月份，格式 YYYY-MM（如 2020-03），模板已预填", width=10)
STAGE = Column(
    "创建阶段",
    "stage",
    "stage_code",
    "本月末所处的创建阶段，从下拉列表中选择；模板预填已记录的阶段",
    width=12,
)

_FIELD_HEADERS = {
    "education_events": ("安全教育（次）", "本月开展的居民安全教育活动次数"),
    "trainings": ("安全培训（次）", "本月举办的安全培训次数"),
    "drills": ("应急演练（次）", "本月组织的应急演练次数"),
    "inspections": ("综合检查（次）", "本月开展的安全综合检查次数"),
    "hazards_found": ("发现隐患（项）", "本月检查发现的隐患项数"),
    "hazards_rectified": ("整改隐患（项）", "本月整改完成的隐患项数，不得多于本月发现的隐患"),
    "volunteers": ("志愿者（人）", "本月参与安全社区工作的志愿者人数"),
    "reviews_held": ("绩效评审（次）", "本月召开的绩效评审次数"),
    "participation_rate": ("居民参与率（%）", "百分数 0–100，填数字（如 85 表示 85%），未调查可留空"),
    "satisfaction_rate": ("居民满意度（%）", "百分数 0–100，填数字，未调查可留空"),
    "funds_spent": ("资金支出（元）", "本月安全社区建设资金支出，单位元，最多两位小数"),
    "subsidy_received": ("补助到位（元）", "本月收到的补助资金，单位元，最多两位小数"),
    "progress_text": ("工作进展", "本月工作进展，文字"),
    "problems_text": ("存在问题", "存在的问题，文字，可留空"),
    "next_steps_text": ("下步计划", "下月工作计划，文字，可留空"),
}
_KIND_OF = {
    **dict.fromkeys(REPORT_COUNTS, "count"),
    **dict.fromkeys(REPORT_RATES, "rate"),
    **dict.fromkeys(REPORT_MONEY, "money"),
    **dict.fromkeys(REPORT_TEXTS, "text"),
}
FIELD_COLUMNS = tuple(
    Column(header, _KIND_OF[name], name, note, width=16 if _KIND_OF[name] == "text" else 12)
    for name in (*REPORT_COUNTS, *REPORT_RATES, *REPORT_MONEY, *REPORT_TEXTS)
    for header, note in [_FIELD_HEADERS[name]]
)
"""The report's fields after the stage, one column each, in :data:`REPORT_FIELDS` order."""

REQUIRED_KINDS = ("count", "money")
"""In a row that reports, counts and money must be filled (0 when none); rates and texts
may be left blank."""

REPORT_COLUMNS = (UNIT, NAME, COUNTY, MONTH, STAGE, *FIELD_COLUMNS)

DOMAIN = Column("安全领域", "domain", note="十二个安全领域之一，模板已逐一列出", width=18)
_DOMAIN_HEADERS = {
    "projects_running": ("促进项目数", "该领域本月在实施的安全促进项目数"),
    "accidents": ("事故数", "该领域本月发生的事故起数"),
    "injuries": ("伤害数", "该领域本月的伤害人数"),
    "deaths": ("死亡人数", "该领域本月事故的死亡人数"),
}
DOMAIN_COLUMNS = (
    UNIT,
    NAME,
    MONTH,
    DOMAIN,
    *(Column(_DOMAIN_HEADERS[name][0], "count", name, _DOMAIN_HEADERS[name][1]) for name in DOMAIN_FIELDS),
)
GRADE_FIXED = (UNIT, NAME, MONTH)
"""The grade sheet's first columns; one column per item (and part) of the scheme follows."""

SHEETS = (REPORT_SHEET, DOMAIN_SHEET, GRADE_SHEET)
"""The sheets an upload reads, in the template's order."""

STAGES = {stage["code"]: stage["name_zh"] for stage in catalogue.load("reference")["stages"]}
DOMAINS = {domain["code"]: domain["name_zh"] for domain in catalogue.load("reference")["safety_domains"]}


def grade_header(item_code: str, part_name: str | None) -> str:
    """The grade sheet's header of an item (``1.1``) or of one part of it (``2.4 有无``)
    under a scheme that grades items in parts."""
    return item_code if part_name is None else f"{item_code} {part_name}"


def grade_columns(parts: Sequence[tuple[str, str, str]], single_part: bool) -> tuple[Column, ...]:
    """The grade columns of a scheme: ``parts`` are (item code, part code, part name) in
    catalogue order; ``field`` holds ``item|part``."""
    return tuple(
        Column(grade_header(item, None if single_part else name), "grade", f"{item}|{part}", width=6)
        for item, part, name in parts
    )


def month_text(month: dt.date) -> str:
    return f"{month:%Y-%m}"


@dataclass(frozen=True)
class Place:
    """Where a sheet is, for problems about its cells."""

    file: str
    sheet: str | None

    def problem(self, row: int | None, column: str | None, value: Any, key: str, **values: Any) -> Problem:
        return Problem(self.file, self.sheet, row, column, cell_text(value), f"monthly_{key}", values)


@dataclass(frozen=True)
class SheetRow:
    """One data row read against the sheet's columns: header → raw value."""

    number: int
    cells: Mapping[str, Any]


def read_sheet(
    place: Place, rows: Sequence[Row], columns: Sequence[Column], problems: list[Problem]
) -> list[SheetRow]:
    """The sheet's data rows by header, after checking its header row: every column
    present once, none added; then every row: no blank row between data rows, no value
    in a column the template does not have.  Problems go to ``problems``."""
    if not rows:
        problems.append(place.problem(None, None, None, "empty_sheet"))
        return []
    header_number, header = rows[0]
    expected = {column.header for column in columns}
    index: dict[str, int] = {}
    for position, value in enumerate(header):
        text = "" if value is None else str(value).strip()
        letter = get_column_letter(position + 1)
        if not text:
            continue
        if text not in expected:
            problems.append(place.problem(header_number, letter, value, "extra_column"))
        elif text in index:
            problems.append(place.problem(header_number, letter, value, "duplicate_column"))
        else:
            index[text] = position
    for column in columns:
        if column.header not in index and not column.given:
            problems.append(place.problem(header_number, column.header, None, "missing_column"))
    known = set(index.values())
    data = [(number, values) for number, values in rows[1:]]
    last = max((i for i, (_, values) in enumerate(data) if not _blank_row(values)), default=-1)
    result = []
    for number, values in data[: last + 1]:
        if _blank_row(values):
            problems.append(place.problem(number, None, None, "blank_row"))
            continue
        for position, value in enumerate(values):
            # a value under a header the template lacks is said once, by that header
            if position not in known and not is_blank(value) and _header_text(header, position) is None:
                problems.append(
                    place.problem(number, get_column_letter(position + 1), value, "value_outside_columns")
                )
        cells = {h: values[p] if p < len(values) else None for h, p in index.items()}
        result.append(SheetRow(number, cells))
    return result


def _header_text(header: tuple, position: int) -> str | None:
    if position < len(header) and not is_blank(header[position]):
        return str(header[position]).strip()
    return None


def is_blank(value: Any) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _blank_row(values: tuple) -> bool:
    return all(is_blank(value) for value in values)


class CellError(ValueError):
    """A cell that cannot be read as its column asks; ``key`` names the problem and
    ``values`` fills its sentence."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def read_cell(column: Column, value: Any) -> Any:
    """The cell's value as the column's kind, None when blank; :class:`CellError` when it
    cannot be.  A formula is refused wherever it stands: the upload takes values, and a
    read-only reader sees only the formula's text."""
    if isinstance(value, str) and value.startswith("="):
        raise CellError("formula")
    if is_blank(value):
        return None
    return _READERS[column.kind](value)


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError("not_number")
    if isinstance(value, int | float | Decimal):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = str(value).strip().replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise CellError("not_number")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise CellError("not_number") from error


def _count(value: Any) -> int:
    number = _number(value)
    if number != number.to_integral_value():
        raise CellError("not_whole")
    if number < 0:
        raise CellError("negative")
    if number > COUNT_MAX:
        raise CellError("count_too_large", maximum=COUNT_MAX)
    return int(number)


def _rate(value: Any) -> float:
    number = _number(value)
    if not 0 <= number <= 100:
        raise CellError("rate_range")
    return float(number)


def _money(value: Any) -> Decimal:
    number = _number(value)
    if number < 0:
        raise CellError("negative")
    if number > MONEY_MAX:
        raise CellError("money_too_large", maximum=f"{MONEY_MAX:,}")
    cents = number.quantize(Decimal("0.01"))
    if cents != number:
        raise CellError("money_cents")
    return cents


def _text(value: Any) -> str:
    return str(value).strip()


def _unit(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _month(value: Any) -> dt.date:
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*月?\s*", str(value))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise CellError("bad_month")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _named(names: Mapping[str, str], key: str):
    by_name = {name: code for code, name in names.items()}

    def read(value: Any) -> str:
        text = str(value).strip()
        if text in by_name:
            return by_name[text]
        if text in names:
            return text
        raise CellError(key, allowed="、".join(names.values()))

    return read


def _grade(value: Any) -> str:
    return str(value).strip()


_READERS = {
    "count": _count,
    "rate": _rate,
    "money": _money,
    "text": _text,
    "unit": _unit,
    "month": _month,
    "stage": _named(STAGES, "unknown_stage"),
    "domain": _named(DOMAINS, "unknown_domain"),
    "grade": _grade,
}


def cell_problem(place: Place, row: int | None, column: Column, value: Any, error: CellError) -> Problem:
    return place.problem(row, column.header, value, error.key, **error.values)
