"""Writing monthly reports: first submissions, corrections and bulk loads share one path.

Each report is written together with its grades, its per-domain counts and its summary
row in a single transaction, so every page sees a report completely or not at all, and
the summary never lags behind the report it summarises.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, make_dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access.audit import Event, record_many
from data_access.models import (
    INDICATOR_COUNT,
    DataVersion,
    Programme,
    ProgrammeUnit,
    Region,
    Report,
    ReportSummary,
)
from data_access.reference import Codes, codes, load_scheme
from data_access.write_scope import require_units
from oversight.access import Scope
from oversight.refusals import Refusal
from oversight.report_fields import (
    DOMAIN_FIELDS,
    REPORT_COUNTS,
    REPORT_FIELDS,
    REPORT_MONEY,
    REPORT_RATES,
    REPORT_TEXTS,
)
from oversight.scoring import IncompleteAssessment, Scheme, scheme_for, score_assessment


class SubmissionError(ValueError):
    """A record that cannot be written (a report here, a stage or title record in
    :mod:`data_access.stage_records`): ``refusal`` says which and why, in either language
    (:mod:`oversight.refusals`); ``str()`` is its Chinese sentence, as the command line
    prints it."""

    def __init__(self, key: str, where: Refusal | None = None, **values: Any) -> None:
        self.refusal = Refusal(key, values, where)
        super().__init__(self.refusal.text("zh"))

    def text(self, lang: str) -> str:
        return self.refusal.text(lang)


def _where(report: MonthlyReport) -> Refusal:
    return Refusal("where.report", {"unit": report.unit_code, "period": f"{report.month:%Y-%m}"})


_FIELD_KINDS = (
    *((name, int, 0) for name in REPORT_COUNTS),
    *((name, float | None, None) for name in REPORT_RATES),
    *((name, Decimal, Decimal(0)) for name in REPORT_MONEY),
    *((name, str, "") for name in REPORT_TEXTS),
)

MonthlyReport = make_dataclass(
    "MonthlyReport",
    [
        ("unit_code", str),
        ("month", dt.date),
        ("submitted_at", dt.datetime),
        ("submitted_by", str),
        ("stage_code", str),
        *((name, kind, field(default=default)) for name, kind, default in _FIELD_KINDS),
        ("domains", dict[str, tuple[int, ...]], field(default_factory=dict)),
        ("grades", dict[tuple[str, str], str], field(default_factory=dict)),
    ],
    namespace={
        "__module__": __name__,
        "__doc__": """A unit's monthly report (月报) as a clerk submits it.

    Its fields after the stage are :data:`oversight.report_fields.REPORT_FIELDS`, built
    from that list so that a field added there reaches the write path.  ``domains`` maps
    a safety-domain code to its :data:`~oversight.report_fields.DOMAIN_FIELDS` counts
    (projects running, accidents, injuries, and deaths, which may be left out for 0);
    ``grades`` maps (item code, part code) to a
    grade, and is empty when the unit does not reassess this month.
    """,
    },
)


@dataclass(frozen=True)
class _Unit:
    id: int
    county_id: int | None
    city_id: int | None
    province_id: int | None
    programmes: tuple[tuple[dt.date, dt.date, int], ...]  # (start, end, scheme id)
    level: str = "unit"

    def scheme_for(self, month: dt.date) -> int | None:
        return scheme_for(self.programmes, month)

    @property
    def ancestor_ids(self) -> set[int]:
        return {i for i in (self.province_id, self.city_id, self.county_id) if i is not None}


class _Writer:
    """What a batch of writes needs to look up, fetched once per batch."""

    def __init__(self, connection: Connection, unit_codes: Iterable[str]):
        self.connection = connection
        self.codes: Codes = codes(connection)
        self.units = _units(connection, set(unit_codes))
        self._schemes: dict[int, Scheme] = {}

    def require(self, scope: Scope, action: str, reports: Iterable[MonthlyReport]) -> None:
        """Refuse the batch (OutOfScope) unless ``scope`` may ``action`` on every unit;
        a unit the database does not hold is refused too, except on the command line
        (whose refusal then says which code is unknown)."""
        if scope.everything:
            return
        for report in reports:
            scope.require(action, self.units.get(report.unit_code))

    def scheme(self, scheme_id: int) -> Scheme:
        if scheme_id not in self._schemes:
            self._schemes[scheme_id] = load_scheme(self.connection, scheme_id)
        return self._schemes[scheme_id]

    def report_row(self, report: MonthlyReport, revision: int, first_submitted_at: dt.datetime):
        where = _where(report)
        unit = self.units.get(report.unit_code)
        if unit is None:
            raise SubmissionError("unknown_unit", where, code=report.unit_code)
        if report.month.day != 1:
            raise SubmissionError("month_not_first", where, day=report.month)
        scheme_id = unit.scheme_for(report.month)
        if scheme_id is None:
            raise SubmissionError("outside_programme", where, month=report.month)
        if report.stage_code not in self.codes.stages:
            raise SubmissionError("unknown_stage", where, code=report.stage_code)
        unknown = set(report.domains) - self.codes.domains
        if unknown:
            raise SubmissionError("unknown_domains", where, codes=sorted(unknown))
        grades = self._grades(report, where)
        scheme = self.scheme(scheme_id)
        unknown_grades = {g for g in grades.values() if g not in scheme.fractions}
        if unknown_grades:
            raise SubmissionError(
                "unknown_grades",
                where,
                grades=", ".join(sorted(unknown_grades)),
                allowed="/".join(scheme.fractions),
            )
        try:
            score = score_assessment(grades, scheme) if grades else None
        except IncompleteAssessment as error:
            raise SubmissionError(
                "incomplete_assessment", where, parts=error.parts, missing=error.missing, extra=error.extra
            ) from error
        row = {name: getattr(report, name) for name in REPORT_FIELDS}
        row |= {
            "unit_id": unit.id,
            "month": report.month,
            "revision": revision,
            "is_current": True,
            "scheme_id": scheme_id,
            "submitted_at": report.submitted_at,
            "submitted_by": report.submitted_by,
        }
        summary = {
            "unit_id": unit.id,
            "month": report.month,
            "revision": revision,
            "city_id": unit.city_id,
            "county_id": unit.county_id,
            "first_submitted_at": first_submitted_at,
            "submitted_at": report.submitted_at,
            "stage_code": report.stage_code,
            "graded": score is not None,
            "points": score and score.points,
            "max_points": score and score.max_points,
            "score": score and score.score,
            "failed_items": score and score.failed_items,
        }
        for i in range(INDICATOR_COUNT):
            summary[f"s{i + 1}"] = score.indicators[i] if score else None
        return row, summary, grades, scheme_id

    def _grades(self, report: MonthlyReport, where: Refusal) -> dict[tuple[int, str], str]:
        unknown = {code for code, _ in report.grades if code not in self.codes.items}
        if unknown:
            raise SubmissionError("unknown_items", where, codes=sorted(unknown))
        return {(self.codes.items[code], part): grade for (code, part), grade in report.grades.items()}


def _units(connection: Connection, unit_codes: set[str]) -> dict[str, _Unit]:
    rows = connection.execute(
        select(
            Region.code,
            Region.id,
            Region.county_id,
            Region.city_id,
            Region.province_id,
            Programme.start_date,
            Programme.end_date,
            Programme.scheme_id,
        )
        .outerjoin(ProgrammeUnit, ProgrammeUnit.unit_id == Region.id)
        .outerjoin(Programme, Programme.id == ProgrammeUnit.programme_id)
        .where(Region.level == "unit", Region.code.in_(unit_codes))
    ).all()
    programmes: dict[str, list] = {}
    ids = {}
    for code, id_, county_id, city_id, province_id, start, end, scheme_id in rows:
        ids[code] = (id_, county_id, city_id, province_id)
        if start is not None:
            programmes.setdefault(code, []).append((start, end, scheme_id))
    return {code: _Unit(*ids[code], tuple(programmes.get(code, ()))) for code in ids}


def write_reports(
    connection: Connection, reports: Sequence[MonthlyReport], scope: Scope | None = None
) -> list[int]:
    """Write first revisions of many reports inside the caller's transaction; return ids.

    Used by :func:`submit_report` for one report and by uploads for thousands, with the
    caller's ``scope``: every unit must allow ``submit`` (else OutOfScope, nothing
    written) and each report leaves a ``report_submitted`` audit row in the same
    transaction.  The sample loader, which plays a city's history rather than anyone's
    write, passes none.  A second current report for a unit and month is refused by the
    database itself.
    """
    writer = _Writer(connection, {r.unit_code for r in reports})
    if scope is not None:
        writer.require(scope, "submit", reports)
    prepared = [writer.report_row(r, 1, r.submitted_at) for r in reports]
    ids = _insert_reports(connection, [row for row, *_ in prepared])
    _insert_details(connection, reports, prepared, ids)
    if scope is not None:
        events = [
            Event("report_submitted", subject(r), writer.units[r.unit_code].id, after=audited(r))
            for r in reports
        ]
        record_many(connection, scope.user, events)
    refresh_running_totals(connection, {summary["unit_id"] for _, summary, *_ in prepared})
    bump_data_version(connection)
    return ids


def _insert_reports(connection: Connection, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    result = connection.execute(insert(Report).returning(Report.id, sort_by_parameter_order=True), rows)
    return list(result.scalars())


def _insert_details(connection, reports, prepared, ids) -> None:
    grades, domains, summaries = [], [], []
    for report, (_, summary, graded, scheme_id), report_id in zip(reports, prepared, ids, strict=True):
        grades.extend((report_id, item, part, scheme_id, grade) for (item, part), grade in graded.items())
        domains.extend((report_id, code, *_domain_counts(counts)) for code, counts in report.domains.items())
        summaries.append({**summary, "report_id": report_id})
    copy_rows(connection, "report_grade", ("report_id", "item_id", "part_code", "scheme_id", "grade"), grades)
    copy_rows(
        connection,
        "report_domain",
        ("report_id", "domain_code", *DOMAIN_FIELDS),
        domains,
    )
    if summaries:
        connection.execute(insert(ReportSummary), summaries)


def _domain_counts(counts: tuple[int, ...]) -> tuple[int, ...]:
    """A domain's counts in :data:`DOMAIN_FIELDS` order; deaths, the last, may be left out
    (0): most months record none, and reports written before it was asked have none."""
    return (*counts, *(0,) * (len(DOMAIN_FIELDS) - len(counts)))


def copy_rows(connection: Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Append many rows to a table fast: COPY on PostgreSQL, executemany on SQLite.

    ``table`` and ``columns`` are identifiers from this package, never user input.
    """
    if not rows:
        return
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def refresh_running_totals(connection: Connection, unit_ids: set[int]) -> None:
    """Recompute the units' running money totals on their summary rows.

    Called once per batch rather than per report: a window over a unit's whole history
    is cheap (at most a few hundred rows), and a report for an earlier month or a
    correction changes every later total.
    """
    ids = sorted(unit_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        summary = ReportSummary.__table__.alias("summary")
        window = {"partition_by": summary.c.unit_id, "order_by": summary.c.month}
        running = (
            select(
                summary.c.unit_id,
                summary.c.month,
                func.sum(Report.subsidy_received).over(**window).label("received"),
                func.sum(Report.funds_spent).over(**window).label("spent"),
            )
            .join(Report, Report.id == summary.c.report_id)
            .where(summary.c.unit_id.in_(chunk))
            .subquery("running")
        )
        connection.execute(
            update(ReportSummary)
            .where(ReportSummary.unit_id == running.c.unit_id, ReportSummary.month == running.c.month)
            .values(received_to_date=running.c.received, spent_to_date=running.c.spent)
        )


def bump_data_version(connection: Connection, reference: bool = False) -> None:
    """Tell every process's caches that the data changed; ``reference`` when regions,
    programmes or the catalogue did, which also refreshes the lists cached on it."""
    values = {"version": DataVersion.version + 1, "changed_at": func.current_timestamp()}
    if reference:
        values["reference_version"] = DataVersion.reference_version + 1
    connection.execute(update(DataVersion).values(values))


def submit_report(engine: Engine, report: MonthlyReport, scope: Scope) -> int:
    """Submit a unit's report for a month as ``scope``'s user (who must hold ``submit``
    on the unit, else OutOfScope before anything is looked at); refuse a second one (that
    is a correction)."""
    report = dataclasses.replace(report, submitted_by=scope.user)
    with engine.begin() as connection:
        require_units(connection, scope, "submit", [report.unit_code])
        if _current(connection, report.unit_code, report.month) is not None:
            raise SubmissionError("already_reported", unit=report.unit_code, month=report.month)
        try:
            return write_reports(connection, [report], scope)[0]
        except IntegrityError as error:
            raise _constraint_refusal(report, error) from error


def correct_report(engine: Engine, report: MonthlyReport, reason: str, scope: Scope) -> int:
    """Write a correction as a new revision; the revision it replaces is kept unchanged.

    ``report.submitted_at`` says when the correction was made and ``scope``'s user (who
    must hold ``correct`` on the unit) by whom; the summary keeps the first submission's
    time, which decides lateness.
    """
    report = dataclasses.replace(report, submitted_by=scope.user)
    with engine.begin() as connection:
        return write_corrections(connection, [(report, reason)], scope)[0]


def write_corrections(
    connection: Connection,
    corrections: Sequence[tuple[MonthlyReport, str]],
    scope: Scope | None = None,
) -> list[int]:
    """:func:`correct_report` for many (report, reason) pairs inside the caller's transaction.

    One writer serves the whole batch: its lookups cost more than a correction itself.
    With ``scope`` (every caller but the sample loader), every unit must allow
    ``correct`` and each correction leaves a ``report_corrected`` audit row, its before
    the revision it replaces.
    """
    writer = _Writer(connection, {report.unit_code for report, _ in corrections})
    if scope is not None:
        writer.require(scope, "correct", [report for report, _ in corrections])
    written = [_write_correction(connection, writer, report, reason) for report, reason in corrections]
    ids = [id_ for id_, _ in written]
    if scope is not None:
        events = [
            Event(
                "report_corrected",
                subject(report),
                writer.units[report.unit_code].id,
                before=before,
                after=audited(report) | {"correction_reason": reason},
            )
            for (report, reason), (_, before) in zip(corrections, written, strict=True)
        ]
        record_many(connection, scope.user, events)
    if ids:
        refresh_running_totals(connection, {writer.units[report.unit_code].id for report, _ in corrections})
        bump_data_version(connection)
    return ids


def _write_correction(
    connection: Connection, writer: _Writer, report: MonthlyReport, reason: str
) -> tuple[int, dict[str, Any]]:
    """The new revision's id, and the fields of the one it replaces (the audit's before)."""
    if not reason.strip():
        raise SubmissionError("correction_reason")
    current = _current(connection, report.unit_code, report.month, lock=True)
    if current is None:
        raise SubmissionError("nothing_to_correct", unit=report.unit_code, month=report.month)
    first_at = connection.scalar(
        select(ReportSummary.first_submitted_at).where(ReportSummary.report_id == current.id)
    )
    prepared = writer.report_row(report, current.revision + 1, first_at)
    row = prepared[0] | {"supersedes_id": current.id, "correction_reason": reason}
    connection.execute(update(Report).where(Report.id == current.id).values(is_current=False))
    connection.execute(ReportSummary.__table__.delete().where(ReportSummary.report_id == current.id))
    try:
        ids = _insert_reports(connection, [row])
        _insert_details(connection, [report], [prepared], ids)
    except IntegrityError as error:
        raise _constraint_refusal(report, error) from error
    return ids[0], audited(current)


def subject(report: MonthlyReport) -> str:
    """A report as the audit trail names it: 510903001 2016-06."""
    return f"{report.unit_code} {report.month:%Y-%m}"


def audited(report: Any) -> dict[str, Any]:
    """A report's fields (:data:`REPORT_FIELDS`, of a MonthlyReport or a stored row) as the
    audit trail keeps them: money to the cent, as text."""
    values = {}
    for name in REPORT_FIELDS:
        value = getattr(report, name)
        values[name] = f"{Decimal(value):.2f}" if name in REPORT_MONEY else value
    return values


def _current(connection: Connection, unit_code: str, month: dt.date, lock: bool = False):
    query = (
        select(Report.id, Report.revision, *(getattr(Report, name) for name in REPORT_FIELDS))
        .join(Region, Region.id == Report.unit_id)
        .where(Region.code == unit_code, Report.month == month, Report.is_current)
    )
    if lock:
        query = query.with_for_update(of=Report)
    return connection.execute(query).first()


def _constraint_refusal(report: MonthlyReport, error: IntegrityError) -> SubmissionError:
    text = str(error.orig)
    for name in (*REPORT_COUNTS, *REPORT_RATES, *REPORT_MONEY):
        if name in text:
            return SubmissionError("out_of_range", _where(report), field=name, value=getattr(report, name))
    return SubmissionError("database", _where(report), detail=text.splitlines()[0])
