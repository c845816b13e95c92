"""Monthly reports coming in from workbooks and the form: checked, previewed, written.

:func:`plan_monthly` reads every cell of every uploaded monthly workbook
(``oversight/intake/monthly.py`` declares its columns), checks it against the database
(units, the template's region, programmes and months, the grading schemes), and answers
with every problem at once or with a preview: new reports, corrections with their before
and after, reports that are unchanged.  :func:`apply_monthly` writes a confirmed preview
through the one write path (``data_access/submissions.py``) in one transaction, and
refuses it when the reports it was made against changed in between.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, and_, select
from sqlalchemy.exc import IntegrityError

from data_access.database import Reader, reading
from data_access.models import (
    GradeValue,
    GradingScheme,
    Indicator,
    IndicatorItem,
    Programme,
    ProgrammeUnit,
    Region,
    Report,
    ReportDomain,
    ReportGrade,
    SchemeItemPoints,
    SchemePart,
)
from data_access.submissions import MonthlyReport, bump_data_version, write_corrections, write_reports
from data_access.write_scope import outside_problems, places
from oversight.access import OutOfScope, Scope
from oversight.i18n import translate
from oversight.intake.kinds import INSTRUCTIONS_SHEET
from oversight.intake.monthly import (
    DOMAIN,
    DOMAIN_COLUMNS,
    DOMAIN_SHEET,
    DOMAINS,
    FIELD_COLUMNS,
    GRADE_FIXED,
    GRADE_SHEET,
    MONTH,
    REPORT_COLUMNS,
    REPORT_SHEET,
    REQUIRED_KINDS,
    SHEETS,
    STAGE,
    TEMPLATE_REGION,
    UNIT,
    CellError,
    Column,
    Place,
    SheetRow,
    cell_problem,
    grade_columns,
    is_blank,
    month_text,
    read_cell,
    read_sheet,
)
from oversight.intake.plan import Change, ImportPlan, ImportResult, StalePlan
from oversight.intake.problems import IntakeRefused, Problem
from oversight.intake.terms import Term
from oversight.intake.workbook import Workbook
from oversight.report_fields import DOMAIN_FIELDS, REPORT_FIELDS
from oversight.scoring import scheme_for

FORM_FILE = "表单"
"""What a problem of the form entry names as its file."""

Key = tuple[str, dt.date]
"""A unit code and a month: what one report is of."""


@dataclass
class _Entry:
    """A unit's month as a workbook row or the form gives it; ``domains`` and ``grades``
    are None when not given (a correction then keeps the current revision's)."""

    place: Place
    row: int | None
    unit_code: str
    month: dt.date
    stage_code: str
    fields: dict[str, Any]
    domains: dict[str, tuple[int, ...]] | None = None
    grades: dict[tuple[str, str], str] | None = None
    domain_rows: dict[str, tuple[Place, int | None]] = field(default_factory=dict)
    grade_place: tuple[Place, int | None] | None = None
    grade_headers: frozenset[str] | None = None


@dataclass(frozen=True)
class GradeScheme:
    """A grading scheme as the grade sheet sees it: its grades and one column per item
    (and part)."""

    id: int
    name: str
    name_en: str
    fractions: frozenset[str]
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class _Unit:
    id: int
    code: str
    name: str
    ancestors: frozenset[int]
    programmes: tuple[tuple[dt.date, dt.date, int], ...]

    def scheme_for(self, month: dt.date) -> int | None:
        return scheme_for(self.programmes, month)


@dataclass(frozen=True)
class _Payload:
    new: tuple[MonthlyReport, ...]
    corrections: tuple[MonthlyReport, ...]
    keys: tuple[Key, ...]


# --- planning -----------------------------------------------------------------------------


def plan_monthly(engine: Engine, workbooks: Sequence[Workbook], scope: Scope, now: dt.datetime) -> ImportPlan:
    """The preview of uploading these monthly workbooks as ``scope``'s user, or every
    problem with them.  Writes nothing.  A workbook holding any unit (or made for any
    region) outside the scope is refused whole, before anything else is checked, by a
    problem that names the codes and rows as the file wrote them."""
    problems: list[Problem] = []
    with reading(engine) as reader:
        schemes = grade_schemes(reader)
        entries: list[_Entry] = []
        regions: dict[str, str | None] = {}
        for book in workbooks:
            regions[book.name] = _template_region(book, problems)
            entries.extend(_read_book(book, schemes, problems))
        return _plan(
            reader,
            entries,
            problems,
            schemes,
            regions,
            scope,
            now,
            tuple(book.name for book in workbooks),
        )


def plan_monthly_form(engine: Engine, report: MonthlyReport, scope: Scope, now: dt.datetime) -> ImportPlan:
    """The preview of one unit's month typed into the form, with the checks an upload
    gets; its problems name the form's fields.  A unit outside ``scope`` is refused with
    :class:`OutOfScope`, which names nothing."""
    problems: list[Problem] = []
    place = Place(FORM_FILE, None)
    values = {column.field: getattr(report, column.field) for column in FIELD_COLUMNS}
    fields = _read_fields(place, None, values, problems)
    stage = _read(place, None, STAGE, report.stage_code, problems)
    if is_blank(report.stage_code):
        problems.append(place.problem(None, STAGE.header, report.stage_code, "required"))
    domains = {}
    for code, counts in report.domains.items():
        if code not in DOMAINS:
            problems.append(
                place.problem(
                    None, DOMAIN.header, code, "unknown_domain", allowed="、".join(DOMAINS.values())
                )
            )
            continue
        padded = (*counts, *(0,) * (len(DOMAIN_FIELDS) - len(counts)))
        domains[code] = tuple(
            _read(place, None, column, value, problems) or 0
            for column, value in zip(DOMAIN_COLUMNS[4:], padded, strict=True)
        )
    entry = _Entry(
        place,
        None,
        report.unit_code,
        report.month,
        stage or "",
        fields,
        domains=domains,
        grades=dict(report.grades),
        grade_place=(place, None),
    )
    with reading(engine) as reader:
        return _plan(reader, [entry], problems, grade_schemes(reader), {}, scope, now, (FORM_FILE,))


def _plan(
    reader: Reader,
    entries: list[_Entry],
    problems: list[Problem],
    schemes: Mapping[int, GradeScheme],
    regions: Mapping[str, str | None],
    scope: Scope,
    now: dt.datetime,
    files: tuple[str, ...],
) -> ImportPlan:
    refused = _outside_scope(reader, entries, regions, scope)
    if refused:
        if files == (FORM_FILE,):
            raise OutOfScope("submit")
        return ImportPlan("monthly", files, (), tuple(refused), "")
    units = _units(reader, {entry.unit_code for entry in entries})
    templates = _regions(reader, {code for code in regions.values() if code})
    for file, code in regions.items():
        if code and code not in templates:
            problems.append(
                Problem(file, INSTRUCTIONS_SHEET, None, TEMPLATE_REGION, code, "monthly_unknown_region", {})
            )
    this_month = dt.date(now.year, now.month, 1)
    accepted: dict[Key, _Entry] = {}
    for entry in entries:
        _check_entry(entry, units, templates, regions, schemes, this_month, accepted, problems)
    if problems:
        return ImportPlan("monthly", files, (), tuple(sorted(problems, key=_reading_order(files))), "")
    current = current_reports(reader, accepted)
    headers = {tuple(c.field.split("|")): c.header for scheme in schemes.values() for c in scheme.columns}
    changes, new, corrections = [], [], []
    refused = _outside_action(reader, accepted, current, scope)
    if refused:
        if files == (FORM_FILE,):
            raise OutOfScope("correct")
        return ImportPlan("monthly", files, (), tuple(refused), "")
    for key, entry in accepted.items():
        report = _report(entry, current.get(key), scope.user, now)
        before = current.get(key)
        after = _shown(report, headers)
        label = units[entry.unit_code].name
        name = f"{entry.unit_code} {month_text(entry.month)}"
        if before is None:
            changes.append(Change("new", "report", name, label, None, after))
            new.append(report)
            continue
        shown_before = _shown(before.report, headers)
        changed = {k for k in after.keys() | shown_before.keys() if after.get(k) != shown_before.get(k)}
        if not changed:
            changes.append(Change("unchanged", "report", name, label, {}, {}))
            continue
        changes.append(
            Change(
                "correction",
                "report",
                name,
                label,
                {k: shown_before.get(k, "") for k in sorted(changed, key=_order)},
                {k: after.get(k, "") for k in sorted(changed, key=_order)},
            )
        )
        corrections.append(report)
    keys = tuple(sorted(accepted))
    return ImportPlan(
        "monthly",
        files,
        tuple(changes),
        (),
        _fingerprint_of({key: (c.id, c.revision) for key, c in current.items()}, keys),
        _Payload(tuple(new), tuple(corrections), keys),
    )


def _outside_scope(
    reader: Reader, entries: Sequence[_Entry], regions: Mapping[str, str | None], scope: Scope
) -> list[Problem]:
    """The upload's rows whose unit the scope may neither submit nor correct for, and the
    templates made for a region it may not read: one problem per sheet naming the codes and
    rows as the file wrote them.  Checked before the database is asked anything else, so
    no other problem (which may quote a unit's or a region's name) is said of them."""
    if scope.everything:
        return []
    found = places(reader.connection, {entry.unit_code for entry in entries}, "unit")
    refused = [
        (entry.place.file, entry.place.sheet, entry.row, entry.unit_code)
        for entry in entries
        if not any(scope.allows(action, found.get(entry.unit_code)) for action in ("submit", "correct"))
    ]
    problems = outside_problems("monthly_outside_scope", UNIT.header, refused)
    templates = places(reader.connection, {code for code in regions.values() if code})
    for file, code in regions.items():
        if code and not scope.allows("read", templates.get(code)):
            problems.append(
                Problem(
                    file,
                    INSTRUCTIONS_SHEET,
                    None,
                    TEMPLATE_REGION,
                    code,
                    "monthly_template_outside_scope",
                    {"code": code},
                )
            )
    return problems


def _outside_action(
    reader: Reader, accepted: Mapping[Key, _Entry], current: Mapping[Key, CurrentReport], scope: Scope
) -> list[Problem]:
    """The rows whose write the scope does not allow once it is known what each is: a new
    report needs ``submit``, a correction ``correct``."""
    if scope.everything:
        return []
    found = places(reader.connection, {unit for unit, _ in accepted}, "unit")
    refused = [
        (entry.place.file, entry.place.sheet, entry.row, entry.unit_code)
        for key, entry in accepted.items()
        if not scope.allows("correct" if key in current else "submit", found.get(entry.unit_code))
    ]
    return outside_problems("monthly_outside_scope", UNIT.header, refused)


def _reading_order(files: Sequence[str]):
    """Problems as a clerk reads the files: file by file, sheet by sheet in the template's
    order, row by row (a file's own problems first); within a row, as found."""
    sheets = {sheet: rank for rank, sheet in enumerate((*SHEETS, INSTRUCTIONS_SHEET))}

    def key(problem: Problem) -> tuple[int, int, int]:
        sheet = -1 if problem.sheet is None else sheets.get(problem.sheet, len(SHEETS) - 1)
        return (files.index(problem.file) if problem.file in files else 0, sheet, problem.row or 0)

    return key


def _check_entry(
    entry: _Entry,
    units: Mapping[str, _Unit],
    templates: Mapping[str, tuple[int, str]],
    regions: Mapping[str, str | None],
    schemes: Mapping[int, GradeScheme],
    this_month: dt.date,
    accepted: dict[Key, _Entry],
    problems: list[Problem],
) -> None:
    """The checks that need the database: the unit, the template's region, the month,
    the same unit-month twice, hazards, grades.  An entry without problems is accepted."""
    place, row = entry.place, entry.row
    unit = units.get(entry.unit_code)
    bad = len(problems)
    if unit is None:
        problems.append(place.problem(row, UNIT.header, entry.unit_code, "unknown_unit"))
        return
    region_code = regions.get(place.file)
    region = templates.get(region_code) if region_code else None
    if region is not None and region[0] != unit.id and region[0] not in unit.ancestors:
        problems.append(place.problem(row, UNIT.header, entry.unit_code, "outside_region", region=region[1]))
    month = month_text(entry.month)
    if entry.month > this_month:
        problems.append(place.problem(row, MONTH.header, month, "future_month"))
    scheme_id = unit.scheme_for(entry.month)
    if scheme_id is None:
        problems.append(place.problem(row, MONTH.header, month, "outside_programme", unit=unit.name))
    key = (entry.unit_code, entry.month)
    if key in accepted:
        first = accepted[key]
        problems.append(
            place.problem(
                row, UNIT.header, entry.unit_code, "duplicate_report", month=month, first=_where(first)
            )
        )
    found, fixed = entry.fields.get("hazards_found"), entry.fields.get("hazards_rectified")
    if found is not None and fixed is not None and fixed > found:
        problems.append(
            place.problem(row, _header("hazards_rectified"), fixed, "rectified_above_found", found=found)
        )
    if scheme_id is not None and entry.grades:
        _check_grades(entry, schemes[scheme_id], problems)
    if len(problems) == bad:
        accepted[key] = entry


def _check_grades(entry: _Entry, scheme: GradeScheme, problems: list[Problem]) -> None:
    place, row = entry.grade_place or (entry.place, entry.row)
    if entry.grade_headers is not None and entry.grade_headers != {c.header for c in scheme.columns}:
        problems.append(place.problem(row, UNIT.header, entry.unit_code, "grade_scheme", scheme=scheme.name))
        return
    expected = {tuple(column.field.split("|")): column for column in scheme.columns}
    for key, grade in entry.grades.items():
        column = expected.get(key)
        if column is None:
            problems.append(place.problem(row, "|".join(key), grade, "unknown_item", scheme=scheme.name))
        elif grade not in scheme.fractions:
            allowed = "/".join(sorted(scheme.fractions))
            problems.append(place.problem(row, column.header, grade, "grade_outside_scheme", allowed=allowed))
    missing = [column.header for key, column in expected.items() if key not in entry.grades]
    if missing:
        problems.append(
            place.problem(
                row,
                missing[0],
                None,
                "grades_incomplete",
                missing=len(missing),
                first="、".join(missing[:5]) + ("…" if len(missing) > 5 else ""),
            )
        )


def _where(entry: _Entry) -> str:
    return f"{entry.place.file} 第 {entry.row} 行" if entry.row is not None else entry.place.file


def _header(name: str) -> str:
    return next(column.header for column in FIELD_COLUMNS if column.field == name)


# --- reading workbooks --------------------------------------------------------------------


def _template_region(book: Workbook, problems: list[Problem]) -> str | None:
    """The region code the template was made for, from its instructions sheet."""
    for _, values in book.sheets.get(INSTRUCTIONS_SHEET, []):
        if values and values[0] == TEMPLATE_REGION and len(values) > 1 and not is_blank(values[1]):
            return str(values[1]).strip()
    problems.append(
        Problem(book.name, INSTRUCTIONS_SHEET, None, TEMPLATE_REGION, None, "monthly_no_template_region", {})
    )
    return None


def _read_book(book: Workbook, schemes: Mapping[int, GradeScheme], problems: list[Problem]) -> list[_Entry]:
    place = Place(book.name, REPORT_SHEET)
    entries: dict[Key, _Entry] = {}
    listed: list[_Entry] = []
    for row in read_sheet(place, book.sheets.get(REPORT_SHEET, []), REPORT_COLUMNS, problems):
        entry = _read_report_row(place, row, problems)
        if entry is not None:
            listed.append(entry)
            entries.setdefault((entry.unit_code, entry.month), entry)
    if DOMAIN_SHEET in book.sheets:
        _read_domains(Place(book.name, DOMAIN_SHEET), book.sheets[DOMAIN_SHEET], entries, problems)
    for sheet, rows in book.sheets.items():
        if sheet.startswith(GRADE_SHEET):
            _read_grades(Place(book.name, sheet), rows, schemes, entries, problems)
    return listed


def _read(place: Place, row: int | None, column: Column, value: Any, problems: list[Problem]) -> Any:
    try:
        return read_cell(column, value)
    except CellError as error:
        problems.append(cell_problem(place, row, column, value, error))
        return None


def _read_fields(
    place: Place, row: int | None, values: Mapping[str, Any], problems: list[Problem]
) -> dict[str, Any]:
    """The report's fields from ``values`` (by field); a field absent from ``values`` (its
    column missing, said once by the header check) is not required again."""
    fields = {}
    for column in FIELD_COLUMNS:
        raw = values.get(column.field)
        value = _read(place, row, column, raw, problems)
        if is_blank(raw) and column.kind in REQUIRED_KINDS and column.field in values:
            problems.append(place.problem(row, column.header, None, "required"))
        fields[column.field] = "" if value is None and column.kind == "text" else value
    return fields


def _read_report_row(place: Place, row: SheetRow, problems: list[Problem]) -> _Entry | None:
    """The row's report; None when the unit reports nothing (its prefilled row left as it
    was) or when its unit or month cannot be read.  A row with other problems still
    comes back, so that its domain and grade rows find it."""
    cells = row.cells
    if all(is_blank(cells.get(column.header)) for column in FIELD_COLUMNS):
        return None
    unit = _required(place, row.number, UNIT, cells.get(UNIT.header), problems)
    month = _required(place, row.number, MONTH, cells.get(MONTH.header), problems)
    stage = _required(place, row.number, STAGE, cells.get(STAGE.header), problems)
    given = {c.field: cells.get(c.header) for c in FIELD_COLUMNS if c.header in cells}
    fields = _read_fields(place, row.number, given, problems)
    if unit is None or month is None:
        return None
    return _Entry(place, row.number, unit, month, stage or "", fields)


def _required(place: Place, row: int, column: Column, value: Any, problems: list[Problem]) -> Any:
    if is_blank(value):
        problems.append(place.problem(row, column.header, None, "required"))
        return None
    return _read(place, row, column, value, problems)


def _read_domains(place: Place, rows, entries: dict[Key, _Entry], problems: list[Problem]) -> None:
    counts_columns = DOMAIN_COLUMNS[4:]
    for row in read_sheet(place, rows, DOMAIN_COLUMNS, problems):
        cells = row.cells
        if all(is_blank(cells.get(column.header)) for column in counts_columns):
            continue
        bad = len(problems)
        unit = _required(place, row.number, UNIT, cells.get(UNIT.header), problems)
        month = _required(place, row.number, MONTH, cells.get(MONTH.header), problems)
        domain = _required(place, row.number, DOMAIN, cells.get(DOMAIN.header), problems)
        counts = tuple(
            _read(place, row.number, c, cells.get(c.header), problems) or 0 for c in counts_columns
        )
        if len(problems) > bad:
            continue
        entry = entries.get((unit, month))
        if entry is None:
            problems.append(
                place.problem(row.number, UNIT.header, unit, "without_report", month=month_text(month))
            )
            continue
        if entry.domains is None:
            entry.domains = {}
        if domain in entry.domains:
            first = entry.domain_rows[domain][1]
            problems.append(
                place.problem(row.number, DOMAIN.header, DOMAINS[domain], "duplicate_domain", first=first)
            )
            continue
        entry.domains[domain] = counts
        entry.domain_rows[domain] = (place, row.number)


def _read_grades(
    place: Place, rows, schemes: Mapping[int, GradeScheme], entries, problems: list[Problem]
) -> None:
    if not rows:
        return
    header = {str(value).strip() for value in rows[0][1] if not is_blank(value)}
    scheme = max(schemes.values(), key=lambda s: (len(header & {c.header for c in s.columns}), -s.id))
    for row in read_sheet(place, rows, (*GRADE_FIXED, *scheme.columns), problems):
        cells = row.cells
        if all(is_blank(cells.get(column.header)) for column in scheme.columns):
            continue  # not reassessed this month
        bad = len(problems)
        unit = _required(place, row.number, UNIT, cells.get(UNIT.header), problems)
        month = _required(place, row.number, MONTH, cells.get(MONTH.header), problems)
        grades = {}
        for column in scheme.columns:
            value = _read(place, row.number, column, cells.get(column.header), problems)
            if value is not None:
                grades[tuple(column.field.split("|"))] = value
        if len(problems) > bad:
            continue
        entry = entries.get((unit, month))
        if entry is None:
            problems.append(
                place.problem(row.number, UNIT.header, unit, "without_report", month=month_text(month))
            )
        elif entry.grades is not None:
            first = entry.grade_place[1] if entry.grade_place else None
            problems.append(place.problem(row.number, UNIT.header, unit, "duplicate_grades", first=first))
        else:
            entry.grades, entry.grade_place = grades, (place, row.number)
            entry.grade_headers = frozenset(c.header for c in scheme.columns)


# --- what the database holds ----------------------------------------------------------------


def grade_schemes(reader: Reader) -> dict[int, GradeScheme]:
    """Every grading scheme with its grade columns, in catalogue order (the template
    writes them, the upload reads them)."""
    parts = reader.rows(
        select(SchemeItemPoints.scheme_id, IndicatorItem.code, SchemePart.code, SchemePart.name_zh)
        .join(IndicatorItem, IndicatorItem.id == SchemeItemPoints.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .join(
            SchemePart,
            and_(
                SchemePart.scheme_id == SchemeItemPoints.scheme_id,
                SchemePart.code == SchemeItemPoints.part_code,
            ),
        )
        .order_by(SchemeItemPoints.scheme_id, Indicator.seq, IndicatorItem.seq, SchemePart.seq)
    )
    grades: dict[int, set[str]] = {}
    for scheme_id, code in reader.rows(select(GradeValue.scheme_id, GradeValue.code)):
        grades.setdefault(scheme_id, set()).add(code)
    by_scheme: dict[int, list[tuple[str, str, str]]] = {}
    for scheme_id, item, part, name in parts:
        by_scheme.setdefault(scheme_id, []).append((item, part, name))
    names = {
        id_: (zh, en)
        for id_, zh, en in reader.rows(select(GradingScheme.id, GradingScheme.name_zh, GradingScheme.name_en))
    }
    result = {}
    for scheme_id, listed in by_scheme.items():
        single = len({part for _, part, _ in listed}) == 1
        result[scheme_id] = GradeScheme(
            scheme_id, *names[scheme_id], frozenset(grades.get(scheme_id, ())), grade_columns(listed, single)
        )
    return result


def unit_scheme(reader: Reader, unit_code: str, month: dt.date) -> GradeScheme | None:
    """The scheme the unit's report of ``month`` is graded under, as the upload checks
    its grades (:func:`oversight.scoring.scheme_for`); None when the unit owes no report."""
    unit = _units(reader, {unit_code}).get(unit_code)
    scheme_id = None if unit is None else unit.scheme_for(month)
    return None if scheme_id is None else grade_schemes(reader).get(scheme_id)


def _units(reader: Reader, codes: set[str]) -> dict[str, _Unit]:
    found: dict[str, list] = {}
    listed = sorted(codes)
    for start in range(0, len(listed), 500):
        rows = reader.rows(
            select(
                Region.code,
                Region.id,
                Region.name_zh,
                Region.province_id,
                Region.city_id,
                Region.county_id,
                Programme.start_date,
                Programme.end_date,
                Programme.scheme_id,
            )
            .outerjoin(ProgrammeUnit, ProgrammeUnit.unit_id == Region.id)
            .outerjoin(Programme, Programme.id == ProgrammeUnit.programme_id)
            .where(Region.level == "unit", Region.code.in_(listed[start : start + 500]))
        )
        for code, id_, name, province, city, county, begin, end, scheme in rows:
            entry = found.setdefault(code, [id_, name, {province, city, county} - {None}, []])
            if begin is not None:
                entry[3].append((begin, end, scheme))
    return {
        code: _Unit(id_, code, name, frozenset(ancestors), tuple(programmes))
        for code, (id_, name, ancestors, programmes) in found.items()
    }


def _regions(reader: Reader, codes: set[str]) -> dict[str, tuple[int, str]]:
    if not codes:
        return {}
    rows = reader.rows(select(Region.code, Region.id, Region.name_zh).where(Region.code.in_(codes)))
    return {code: (id_, name) for code, id_, name in rows}


@dataclass(frozen=True)
class CurrentReport:
    id: int
    revision: int
    report: MonthlyReport


def current_reports(reader: Reader, keys: Iterable[Key]) -> dict[Key, CurrentReport]:
    """The current revision of each (unit, month) that has one, with its domains and grades:
    what a plan compares an upload with, and what the template fills in."""
    keys = list(keys)
    wanted = set(keys)
    result: dict[Key, CurrentReport] = {}
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        rows = reader.rows(
            select(Region.code.label("unit_code"), Report.__table__)
            .join(Region, Region.id == Report.unit_id)
            .where(Report.is_current, _keys_in(chunk))
        )
        ids = {row.id: (row.unit_code, row) for row in rows}
        domains: dict[int, dict[str, tuple[int, ...]]] = {}
        grades: dict[int, dict[tuple[str, str], str]] = {}
        if ids:
            for report_id, code, *counts in reader.rows(
                select(
                    ReportDomain.report_id,
                    ReportDomain.domain_code,
                    *(getattr(ReportDomain, f) for f in DOMAIN_FIELDS),
                ).where(ReportDomain.report_id.in_(ids))
            ):
                domains.setdefault(report_id, {})[code] = tuple(counts)
            for report_id, item, part, grade in reader.rows(
                select(ReportGrade.report_id, IndicatorItem.code, ReportGrade.part_code, ReportGrade.grade)
                .join(IndicatorItem, IndicatorItem.id == ReportGrade.item_id)
                .where(ReportGrade.report_id.in_(ids))
            ):
                grades.setdefault(report_id, {})[(item, part)] = grade
        for report_id, (code, report) in ids.items():
            if (code, report.month) not in wanted:
                continue
            stored = MonthlyReport(
                code,
                report.month,
                report.submitted_at,
                report.submitted_by,
                report.stage_code,
                **{name: getattr(report, name) for name in REPORT_FIELDS if name != "stage_code"},
                domains=domains.get(report_id, {}),
                grades=grades.get(report_id, {}),
            )
            result[(code, report.month)] = CurrentReport(report_id, report.revision, stored)
    return result


def _keys_in(keys: Sequence[Key]):
    """The units and months of ``keys``: a superset of them, which readers narrow down."""
    return and_(Region.code.in_({unit for unit, _ in keys}), Report.month.in_({month for _, month in keys}))


def _fingerprint_of(current: Mapping[Key, tuple[int, int]], keys: Sequence[Key]) -> str:
    """What a plan was made against: each touched report's current revision, or none."""
    text = "\n".join(f"{unit}|{month}|{current.get((unit, month), (0, 0))}" for unit, month in keys)
    return hashlib.sha256(text.encode()).hexdigest()


def _fingerprint_now(connection: Connection, keys: Sequence[Key]) -> str:
    """The fingerprint of the touched reports as they stand, their rows locked on
    PostgreSQL until the transaction ends."""
    wanted = set(keys)
    current: dict[Key, tuple[int, int]] = {}
    for start in range(0, len(keys), 400):
        chunk = list(keys[start : start + 400])
        query = (
            select(Region.code, Report.month, Report.id, Report.revision)
            .join(Region, Region.id == Report.unit_id)
            .where(Report.is_current, _keys_in(chunk))
            .with_for_update(of=Report)
        )
        for code, month, id_, revision in connection.execute(query):
            if (code, month) in wanted:
                current[(code, month)] = (id_, revision)
    return _fingerprint_of(current, keys)


# --- the report and how the preview shows it -------------------------------------------------


def _report(
    entry: _Entry, current: CurrentReport | None, submitted_by: str, now: dt.datetime
) -> MonthlyReport:
    kept = current.report if current else None
    domains = entry.domains if entry.domains is not None else (kept.domains if kept else {})
    grades = entry.grades if entry.grades is not None else (kept.grades if kept else {})
    return MonthlyReport(
        entry.unit_code,
        entry.month,
        now,
        submitted_by,
        entry.stage_code,
        **entry.fields,
        domains=dict(domains),
        grades=dict(grades),
    )


_ORDER = {column.header: i for i, column in enumerate((STAGE, *FIELD_COLUMNS))}


def _order(label: str) -> tuple[int, str]:
    return (_ORDER.get(label, len(_ORDER)), label)


def _shown(report: MonthlyReport, grade_headers: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    """The report as the preview lists it: header → value as a clerk typed it (a grade
    under its sheet's header), the stage as a term the page words in its language
    (oversight.intake.terms); domains with no count are left out, so that equal reports
    show equal."""
    shown: dict[str, Any] = {STAGE.header: Term("stage", report.stage_code)}
    for column in FIELD_COLUMNS:
        value = getattr(report, column.field)
        if column.kind == "money":
            value = f"{Decimal(value).quantize(Decimal('0.01'))}"
        elif column.kind == "rate" and value is not None:
            value = float(value)
        shown[column.header] = "" if value is None else value
    for code, counts in report.domains.items():
        padded = (*counts, *(0,) * (len(DOMAIN_FIELDS) - len(counts)))
        if any(padded):
            for column, count in zip(DOMAIN_COLUMNS[4:], padded, strict=True):
                shown[f"{DOMAINS.get(code, code)}·{column.header}"] = count
    for (item, part), grade in report.grades.items():
        shown[f"{GRADE_SHEET} {grade_headers.get((item, part), item)}"] = grade
    return shown


# --- writing ------------------------------------------------------------------------------


def apply_monthly(engine: Engine, plan: ImportPlan, scope: Scope, reason: str) -> ImportResult:
    """Write a confirmed preview in one transaction: new reports as first revisions,
    corrections as new revisions with who (``scope``'s user), when (the preview's moment)
    and why, each with its audit row.  The scope is checked again here: a plan made by one
    user is not written by another with fewer rights (OutOfScope, nothing written).

    Writers take the data-version row first, so two confirmations queue one behind the
    other on both databases; the second then finds the reports it previewed changed and
    is refused with :class:`StalePlan`, having written nothing."""
    if plan.problems:
        raise IntakeRefused(plan.problems)
    payload: _Payload = plan.payload
    if payload.corrections and not reason.strip():
        raise ValueError(f"本次导入更正 {len(payload.corrections)} 份已报送的月报，须填写更正原因")
    new = [dataclasses.replace(r, submitted_by=scope.user) for r in payload.new]
    corrections = [
        (dataclasses.replace(r, submitted_by=scope.user), reason.strip()) for r in payload.corrections
    ]
    unchanged = plan.count("unchanged")
    counts = {"new": len(new), "corrected": len(corrections), "unchanged": unchanged}
    result = ImportResult(
        len(new) + len(corrections),
        unchanged,
        translate("intake_monthly.summary", "zh", **counts),
        translate("intake_monthly.summary", "en", **counts),
    )
    if not new and not corrections:
        return result  # the same values again: nothing to write, not even the data version
    with engine.begin() as connection:
        bump_data_version(connection)
        if _fingerprint_now(connection, payload.keys) != plan.fingerprint:
            raise StalePlan(translate("intake.stale", "zh"))
        try:
            if new:
                write_reports(connection, new, scope)
            if corrections:
                write_corrections(connection, corrections, scope)
        except IntegrityError as error:
            if not _second_current(error):
                raise
            raise StalePlan(translate("intake.stale", "zh")) from error
    return result


def _second_current(error: IntegrityError) -> bool:
    """Whether the database refused a second first revision or a second current report of
    a unit's month: someone submitted it between the preview and now (the unique keys of
    ``report``, data_access/models.py; PostgreSQL names them, SQLite lists their columns)."""
    text = str(error.orig)
    names = ("uq_report_current", "uq_report_unit_id_month_revision", "report.unit_id, report.month")
    return any(name in text for name in names)
