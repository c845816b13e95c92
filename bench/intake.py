"""Monthly workbooks imported at city and province scale (issue 9's speed goals).

On a database of its own (the benchmarked province is only ever read), a province of
``units`` streets in cities of :data:`CITY_UNITS`, each city's programme covering 2024 and 2025
on the A/B/C scheme, and no reports.  Every run imports a month not yet reported (January
for the warm-up, then February, March, ...; the city in 2024, the province in 2025), so
each run writes every report new:

- a city month: one workbook of :data:`CITY_UNITS` units, every field, the fire domain's
  counts and all 45 grades filled in — ``plan_monthly`` (reading and checking every cell)
  and ``apply_monthly`` (writing in one transaction);
- a province month: one workbook per city, uploaded together.

Beside each, the same workbooks' cells read with openpyxl in read-only mode and nothing
else: the floor any import pays.  Goals: the city under 3 s, the province under 30 s,
each within 3× of its reading.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from bench.timing import Batch, _batch
from data_access.database import reading
from data_access.intake_monthly import apply_monthly, grade_schemes, plan_monthly
from data_access.loading import EnrolmentSpec, ProgrammeData, ProgrammeSpec, RegionSpec, write_programme_data
from oversight.access import Scope
from oversight.intake.kinds import INSTRUCTIONS_SHEET
from oversight.intake.monthly import (
    DOMAIN_COLUMNS,
    DOMAIN_SHEET,
    GRADE_FIXED,
    GRADE_SHEET,
    REPORT_COLUMNS,
    REPORT_SHEET,
    STAGES,
    TEMPLATE_REGION,
    month_text,
)
from oversight.intake.workbook import read_workbook

CITY_UNITS = 441
COUNTY_UNITS = 21
YEAR = 2025
CITY_BUDGET_MS = 3000.0
PROVINCE_BUDGET_MS = 30000.0
READ_FACTOR = 3.0
MAX_RUNS = 12  # a warm-up and one month each, within a year of the programme


@dataclass
class IntakeBench:
    """The timings of :func:`measure_intake`."""

    city_units: int
    province_units: int
    city: Batch
    city_read: Batch
    province: Batch
    province_read: Batch

    def goals(self) -> dict[str, bool]:
        return {
            "city": self.city.median_ms < CITY_BUDGET_MS,
            "city_read": self.city.median_ms <= READ_FACTOR * self.city_read.median_ms,
            "province": self.province.median_ms < PROVINCE_BUDGET_MS,
            "province_read": self.province.median_ms <= READ_FACTOR * self.province_read.median_ms,
        }


def measure_intake(
    engine: Engine, units: int, runs: int, progress: Callable[[str], None] = print
) -> IntakeBench:
    """Time imports into ``engine``, an empty migrated database this function fills: the
    first city's months of the first year, the whole province's of the second."""
    runs = min(runs, MAX_RUNS - 1)
    cities = _load_regions(engine, units)
    progress(f"intake: {units} units in {len(cities)} cities, workbooks of {runs + 1} months")
    city_months = [dt.date(YEAR - 1, m, 1) for m in range(1, runs + 2)]
    province_months = [dt.date(YEAR, m, 1) for m in range(1, runs + 2)]
    now = dt.datetime(YEAR + 1, 1, 5, 9)
    with reading(engine) as reader:
        items = next(iter(grade_schemes(reader).values())).columns
    code, members = cities[0]
    city_books = [[(f"{code}.xlsx", _filled(code, members, month, items))] for month in city_months]
    province_books = [
        [(f"{code}.xlsx", _filled(code, members, month, items)) for code, members in cities]
        for month in province_months
    ]
    city_sample, province_sample = city_books[0], province_books[0]
    city = _batch(
        [f"import a city month ({len(members)} units)"],
        [lambda: _import(engine, city_books.pop(0), now)],
        runs,
    )
    city_read = _batch(["read its cells"], [lambda: _read_cells(city_sample)], runs)
    province = _batch(
        [f"import a province month ({units} units)"],
        [lambda: _import(engine, province_books.pop(0), now)],
        runs,
    )
    province_read = _batch(["read their cells"], [lambda: _read_cells(province_sample)], runs)
    return IntakeBench(len(members), units, city, city_read, province, province_read)


BENCH = Scope.command_line("bench")
"""The benchmark writes as the command line does."""


def _import(engine: Engine, files: list[tuple[str, bytes]], now: dt.datetime) -> None:
    books = [read_workbook(name, data) for name, data in files]
    plan = plan_monthly(engine, books, BENCH, now)
    if plan.problems:
        raise RuntimeError(f"the benchmark's workbook has problems: {plan.problems[:3]}")
    apply_monthly(engine, plan, BENCH, "")


def _read_cells(files: list[tuple[str, bytes]]) -> int:
    """Every cell of every sheet read with openpyxl in read-only mode, nothing else."""
    cells = 0
    for _, data in files:
        book = load_workbook(io.BytesIO(data), read_only=True)
        try:
            cells += sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
        finally:
            book.close()
    return cells


def _load_regions(engine: Engine, units: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The province's regions and one programme per city; the cities' codes and units."""
    regions = [RegionSpec("BI", "导入测试省", "province", "province")]
    programmes, cities = [], []
    for city in range(-(-units // CITY_UNITS)):
        code = f"BI{city:02d}"
        regions.append(RegionSpec(code, f"导入测试市{city:02d}", "city", "city", "BI"))
        members = []
        for number in range(min(CITY_UNITS, units - city * CITY_UNITS)):
            county = f"{code}{number // COUNTY_UNITS:02d}"
            if number % COUNTY_UNITS == 0:
                regions.append(RegionSpec(county, f"区县{county}", "county", "district", code))
            unit = f"{county}{number % COUNTY_UNITS:03d}"
            regions.append(RegionSpec(unit, f"街道{unit}", "unit", "street", county))
            members.append((unit, f"街道{unit}"))
        programmes.append(
            ProgrammeSpec(
                code=f"BI-{code}",
                name_zh=f"导入测试方案{code}",
                name_en=f"Intake benchmark {code}",
                region_code=code,
                level_code="national",
                scheme=("abc", 1),
                start_date=dt.date(YEAR - 1, 1, 1),
                end_date=dt.date(YEAR, 12, 31),
                report_deadline_day=10,
                source="bench/intake.py",
                units=[EnrolmentSpec(unit, dt.date(YEAR - 1, 1, 1)) for unit, _ in members],
            )
        )
        cities.append((code, members))
    with engine.begin() as connection:
        write_programme_data(connection, ProgrammeData(regions=regions, programmes=programmes))
    return cities


def _filled(region: str, units: list[tuple[str, str]], month: dt.date, items) -> bytes:
    """A city's template for the month as a clerk returns it: every report field, the fire
    domain and all grades filled in (the headers are the template's, declared once)."""
    book = Workbook(write_only=True)
    text = month_text(month)
    stage = STAGES["implementing"]
    reports = book.create_sheet(REPORT_SHEET)
    reports.append([column.header for column in REPORT_COLUMNS])
    for number, (code, name) in enumerate(units):
        counts = [number % 5, 1, 1, 2 + number % 3, 4, 3, 10 + number % 20, number % 2]
        reports.append(
            [code, name, "", text, stage, *counts, 60 + number % 30, 80, 1200.5, 0, "进展", "", ""]
        )
    domains = book.create_sheet(DOMAIN_SHEET)
    domains.append([column.header for column in DOMAIN_COLUMNS])
    for code, name in units:
        domains.append([code, name, text, "消防安全", 1, 0, 0, 0])
    grades = book.create_sheet(GRADE_SHEET)
    grades.append([column.header for column in (*GRADE_FIXED, *items)])
    for number, (code, name) in enumerate(units):
        grades.append([code, name, text, *("B" if (number + i) % 7 == 0 else "A" for i in range(len(items)))])
    instructions = book.create_sheet(INSTRUCTIONS_SHEET)
    instructions.append([TEMPLATE_REGION, region])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def render_intake(bench: IntakeBench) -> list[str]:
    goals = bench.goals()
    yes = {True: "yes", False: "**no**"}
    city_ratio = bench.city.median_ms / bench.city_read.median_ms
    province_ratio = bench.province.median_ms / bench.province_read.median_ms
    return [
        "",
        "## Monthly workbooks imported (a new month each run)",
        "",
        "| case | ms | goal | met |",
        "| --- | ---: | --- | --- |",
        f"| a city month, {bench.city_units} units × 45 grades: read, check, preview, write "
        f"| {bench.city.median_ms:.0f} | < {CITY_BUDGET_MS:g} ms | {yes[goals['city']]} |",
        f"| only reading its cells (openpyxl read-only) | {bench.city_read.median_ms:.0f} | — | — |",
        f"| ratio | {city_ratio:.1f}× | ≤ {READ_FACTOR:g}× | {yes[goals['city_read']]} |",
        f"| a province month, {bench.province_units} units in one workbook per city "
        f"| {bench.province.median_ms:.0f} | < {PROVINCE_BUDGET_MS:g} ms | {yes[goals['province']]} |",
        f"| only reading their cells | {bench.province_read.median_ms:.0f} | — | — |",
        f"| ratio | {province_ratio:.1f}× | ≤ {READ_FACTOR:g}× | {yes[goals['province_read']]} |",
    ]
