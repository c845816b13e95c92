"""The setup workbook's sheets and columns, declared once: the template writes these
headers and validation lists, the importer reads and checks by them, docs/templates_setup.md
describes each.

The workbook sets up a city without code: its administrative tree (regions and units), a
programme with its planned stages, the units enrolled, the targets, and the subsidies
allocated and paid.  Every data sheet ends with a 备注 column that is not stored: the
template's example row says 示例 there, and the importer skips such rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from oversight.intake.kinds import FIRST_SHEETS
from oversight.intake.problems import Problem, cell_text

COLUMN_KINDS = ("text", "code", "date", "day", "money", "number", "choice", "yes_no", "seq")
"""How a column's cells are read: free text, a code (no spaces), a date, a day of the
month (1–28), yuan with at most two decimals (above 0), a number above 0, one of a list,
是/否, or a sequence number (1 and up)."""

LEVEL_ORDER = ("province", "city", "county", "unit")
"""Region levels from the root down; a region's parent is of the level just above it
(data_access.models.REGION_LEVELS holds the same four, in this order)."""

KINDS_BY_LEVEL = {
    "province": ("province", "autonomous_region"),
    "city": ("city",),
    "county": ("district", "county", "park"),
    "unit": ("street", "township"),
}
"""Which kinds of region each level holds (the kinds are data_access.models.REGION_KINDS)."""

NO_LEVEL_SHAPES = ("pilots", "budget")
"""Target shapes without a title level (the rest are met by titles of a level); the
database's ``level_needed`` check says the same."""

EXAMPLE_MARK = "示例"
"""What the 备注 cell of the template's example row says; rows marked so are skipped."""

REMARK = "备注"


@dataclass(frozen=True)
class Column:
    """A column of a setup sheet: its Chinese header, the field it fills, how its cells are
    read, whether it may be blank, the longest text it takes and, for a choice, the name
    of the list it is chosen from (filled from the database's catalogue or the vocabulary)."""

    header: str
    field: str
    kind: str
    required: bool = True
    length: int | None = None
    choices: str | None = None
    hint: str = ""
    """What the instructions sheet adds to the kind's rule (Chinese)."""


@dataclass(frozen=True)
class Sheet:
    """A data sheet: its name, subject (oversight.intake.plan.SUBJECTS), columns, and the
    fields that name one record of it (two rows with the same key are one record twice)."""

    name: str
    subject: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return (*(c.header for c in self.columns), REMARK)


REGIONS = Sheet(
    FIRST_SHEETS["setup"],
    "region",
    (
        Column("地区编码", "code", "code", length=20),
        Column("中文名称", "name_zh", "text", length=60),
        Column("英文名称", "name_en", "text", required=False, length=120),
        Column("层级", "level", "choice", choices="level"),
        Column(
            "类型",
            "kind",
            "choice",
            choices="kind",
            hint="省级：省、自治区；市级：市；县级：区、县、园区；街道乡镇：街道、乡镇",
        ),
        Column(
            "上级地区编码",
            "parent_code",
            "code",
            required=False,
            length=20,
            hint="省级不填，其余必填：上一层级的地区，在本表或数据库中",
        ),
    ),
    ("code",),
)

PROGRAMMES = Sheet(
    "创建方案",
    "programme",
    (
        Column("方案编码", "code", "code", length=30),
        Column("方案名称", "name_zh", "text", length=120),
        Column("英文名称", "name_en", "text", length=160),
        Column("所属地区编码", "region_code", "code", length=20, hint="省级、市级或县级地区"),
        Column("命名级别", "level_code", "choice", choices="title_level"),
        Column("评分方案", "scheme", "choice", choices="scheme"),
        Column("开始日期", "start_date", "date"),
        Column("结束日期", "end_date", "date"),
        Column("月报截止日", "report_deadline_day", "day", hint="每月几号前报上月月报"),
        Column("依据文件", "source", "text", required=False),
        Column("依据文件（英文）", "source_en", "text", required=False),
    ),
    ("code",),
)

STAGES = Sheet(
    "阶段计划",
    "programme_stage",
    (
        Column("方案编码", "programme_code", "code", length=30),
        Column("序号", "seq", "seq"),
        Column("阶段名称", "name_zh", "text", length=40),
        Column("英文名称", "name_en", "text", length=80),
        Column("计划开始日期", "planned_start", "date"),
        Column("计划结束日期", "planned_end", "date"),
    ),
    ("programme_code", "seq"),
)

ENROLMENTS = Sheet(
    "参建单位",
    "enrolment",
    (
        Column("方案编码", "programme_code", "code", length=30),
        Column("单位编码", "unit_code", "code", length=20, hint="方案所属地区内的街道乡镇"),
        Column("纳入日期", "enrolled_on", "date"),
        Column("是否试点", "is_pilot", "yes_no"),
    ),
    ("programme_code", "unit_code"),
)

TARGETS = Sheet(
    "目标",
    "target",
    (
        Column("方案编码", "programme_code", "code", length=30),
        Column("目标编码", "code", "code", length=20),
        Column("目标形态", "shape", "choice", choices="shape"),
        Column("范围地区编码", "scope_code", "code", length=20, hint="方案所属地区或其中的县级地区"),
        Column(
            "命名级别",
            "level_code",
            "choice",
            required=False,
            choices="title_level",
            hint="试点目标、资金目标不填，其余必填",
        ),
        Column(
            "目标值",
            "threshold",
            "number",
            hint="比例目标填百分数（不超过 100）；数量、各区县数量、试点目标填单位个数（整数）；资金目标填元",
        ),
        Column("截止日期", "due_date", "date"),
        Column("目标说明", "description_zh", "text", length=200),
        Column("英文说明", "description_en", "text", length=300),
    ),
    ("programme_code", "code"),
)

ALLOCATIONS = Sheet(
    "补助下达",
    "allocation",
    (
        Column("方案编码", "programme_code", "code", length=30),
        Column("拨出地区编码", "source_code", "code", length=20),
        Column("接收地区编码", "recipient_code", "code", length=20),
        Column("下达日期", "allocated_on", "date"),
        Column("金额（元）", "amount", "money"),
        Column("说明", "note", "text", required=False),
    ),
    ("programme_code", "source_code", "recipient_code", "allocated_on"),
)

DISBURSEMENTS = Sheet(
    "补助拨付",
    "disbursement",
    (
        Column("方案编码", "programme_code", "code", length=30),
        Column("拨出地区编码", "source_code", "code", length=20),
        Column("接收地区编码", "recipient_code", "code", length=20),
        Column("下达日期", "allocated_on", "date"),
        Column("拨付日期", "disbursed_on", "date", hint="不早于下达日期；累计拨付不超过下达金额"),
        Column("金额（元）", "amount", "money"),
        Column("说明", "note", "text", required=False),
    ),
    ("programme_code", "source_code", "recipient_code", "allocated_on", "disbursed_on", "amount"),
)

SHEETS = (REGIONS, PROGRAMMES, STAGES, ENROLMENTS, TARGETS, ALLOCATIONS, DISBURSEMENTS)
"""The data sheets in the workbook's order; the instructions sheet 填写说明 comes last."""

ALLOCATION_KEY = ALLOCATIONS.key
"""How a disbursement names the allocation it pays against: the allocation's key columns."""


# --- reading the cells ----------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One data row of a setup sheet, read: where it is and its fields' values (codes,
    dates, Decimals, booleans; None for a blank optional cell)."""

    file: str
    sheet: Sheet
    row: int
    values: dict
    complete: bool = True

    def key(self) -> tuple:
        return tuple(self.values[f] for f in self.sheet.key)

    def column(self, field: str) -> Column:
        return next(c for c in self.sheet.columns if c.field == field)


def read_sheet(
    file: str, sheet: Sheet, rows: list[tuple[int, tuple]], choices: dict[str, dict[str, object]]
) -> tuple[list[Record], list[Problem]]:
    """The records of one sheet and every problem of its header and cells.

    The first row holds the headers; a header missing, renamed or added is a problem and
    the sheet's cells are then not read (they would be read against the wrong columns).
    Blank rows and the example row (备注 示例) are skipped.  A row with a bad cell comes
    back incomplete (the bad cells None), so that other sheets referring to its code are
    not told the code is unknown as well."""
    if not rows:
        return [], [
            Problem(
                file, sheet.name, None, None, None, "setup_empty_sheet", {"headers": _joined(sheet.headers)}
            )
        ]
    header_row, header = rows[0]
    found = [cell_text(h).strip() if h is not None else "" for h in header]
    while found and not found[-1]:
        found.pop()
    problems = [
        Problem(file, sheet.name, header_row, h, None, "setup_missing_column", {"column": h})
        for h in sheet.headers
        if h not in found
    ]
    problems += [
        Problem(
            file,
            sheet.name,
            header_row,
            h or None,
            h or None,
            "setup_extra_column",
            {"headers": _joined(sheet.headers)},
        )
        for h in found
        if h not in sheet.headers
    ]
    if problems:
        return [], problems
    position = {h: found.index(h) for h in sheet.headers}
    records: list[Record] = []
    for number, cells in rows[1:]:
        raw = {h: cells[position[h]] if position[h] < len(cells) else None for h in sheet.headers}
        if all(_blank(v) for v in raw.values()):
            continue
        if cell_text(raw[REMARK]) and cell_text(raw[REMARK]).strip() == EXAMPLE_MARK:
            continue
        values, cell_problems = _read_row(file, sheet, number, raw, choices)
        problems += cell_problems
        records.append(Record(file, sheet, number, values, complete=not cell_problems))
    return records, problems


def _read_row(file, sheet: Sheet, number: int, raw: dict, choices) -> tuple[dict, list[Problem]]:
    values: dict = {}
    problems: list[Problem] = []
    for column in sheet.columns:
        value = raw[column.header]
        try:
            values[column.field] = read_cell(column, value, choices.get(column.choices or "", {}))
        except CellProblem as problem:
            values[column.field] = None
            problems.append(
                Problem(
                    file, sheet.name, number, column.header, cell_text(value), problem.key, problem.values
                )
            )
    return values, problems


class CellProblem(Exception):
    """A cell that does not hold what its column takes; ``key`` names the problem."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def read_cell(column: Column, value: object, choices: dict[str, object]) -> object:
    """A cell's value as its column takes it, or :class:`CellProblem` saying why not."""
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("="):
            raise CellProblem("setup_formula")
    if _blank(value):
        if column.required:
            raise CellProblem("setup_required")
        return "" if column.kind == "text" else None
    reader = _READERS[column.kind]
    return reader(column, value, choices)


def _text(column: Column, value: object, _choices) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if column.length is not None and len(text) > column.length:
        raise CellProblem("setup_too_long", length=column.length, actual=len(text))
    return text


def _code(column: Column, value: object, choices) -> str:
    if isinstance(value, (dt.date, bool)):
        raise CellProblem("setup_not_code")
    text = _text(column, value, choices)
    if any(c.isspace() for c in text):
        raise CellProblem("setup_not_code")
    return text


def _date(_column: Column, value: object, _choices) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise CellProblem("setup_not_date")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CellProblem("setup_not_date")


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _day(_column: Column, value: object, _choices) -> int:
    day = _whole(value)
    if day is None or not 1 <= day <= 28:
        raise CellProblem("setup_not_day")
    return day


def _seq(_column: Column, value: object, _choices) -> int:
    seq = _whole(value)
    if seq is None or not 1 <= seq <= 100:
        raise CellProblem("setup_not_seq")
    return seq


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, (bool, dt.date)):
        return None
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _money(_column: Column, value: object, _choices) -> Decimal:
    amount = _decimal(value)
    if amount is None:
        raise CellProblem("setup_not_money")
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")) or amount >= Decimal(10) ** 12:
        raise CellProblem("setup_not_money")
    return amount.quantize(Decimal("0.01"))


def _number(_column: Column, value: object, _choices) -> Decimal:
    number = _decimal(value)
    if (
        number is None
        or number <= 0
        or number != number.quantize(Decimal("0.01"))
        or number >= Decimal(10) ** 12
    ):
        raise CellProblem("setup_not_number")
    return number.quantize(Decimal("0.01"))


def _choice(column: Column, value: object, choices: dict[str, object]) -> object:
    text = str(value)
    if text not in choices:
        raise CellProblem("setup_not_choice", choices=_joined(choices))
    return choices[text]


YES_NO = {"是": True, "否": False}


def _yes_no(_column: Column, value: object, _choices) -> bool:
    if value not in YES_NO:
        raise CellProblem("setup_not_choice", choices=_joined(YES_NO))
    return YES_NO[value]


_READERS = {
    "text": _text,
    "code": _code,
    "date": _date,
    "day": _day,
    "money": _money,
    "number": _number,
    "choice": _choice,
    "yes_no": _yes_no,
    "seq": _seq,
}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _joined(words) -> str:
    return "、".join(str(w) for w in words)
