"""Setting up a city from the setup workbook (地区与单位 …): planned, previewed, then written
all at once or not at all.

The planner reads every sheet by the columns of :mod:`oversight.intake.setup`, checks each
cell, then the references between sheets against the file and the database (a unit's
county must exist in one of them), and compares each record with what is stored under its
key.  Nothing stored is overwritten: a record stored with other values is a problem, since
none of these tables keeps history (a region, a programme or a target changed would
silently change every verdict already given).  A record stored with the same values is
unchanged, so uploading the same file again writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sqlalchemy import Connection, Engine, false, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access.audit import Event, record_many
from data_access.database import reading
from data_access.loading import ProgrammeData, RegionSpec, write_programme_data
from data_access.models import (
    DataVersion,
    GradingScheme,
    Programme,
    ProgrammeStage,
    ProgrammeUnit,
    Region,
    SubsidyAllocation,
    SubsidyDisbursement,
    Target,
    TitleLevel,
)
from data_access.write_scope import outside_problems, places
from oversight.access import OutOfScope, Scope
from oversight.i18n import translate
from oversight.intake.plan import Change, ImportPlan, ImportResult, StalePlan
from oversight.intake.problems import IntakeRefused, Problem, cell_text
from oversight.intake.setup import (
    ALLOCATION_KEY,
    ALLOCATIONS,
    DISBURSEMENTS,
    ENROLMENTS,
    KINDS_BY_LEVEL,
    LEVEL_ORDER,
    NO_LEVEL_SHAPES,
    PROGRAMMES,
    REGIONS,
    SHEETS,
    STAGES,
    TARGETS,
    YES_NO,
    Record,
    Sheet,
    read_sheet,
)
from oversight.intake.terms import Term
from oversight.intake.workbook import Workbook
from oversight.vocabulary import TARGET_SHAPES

Stored = dict[str, dict[tuple, list[dict]]]
"""What the database holds under the keys an upload touches: subject → key → rows (one
row, except allocations, which have no key of their own in the database)."""

WHOLE_SHAPES = ("count", "count_per_child", "pilots")
"""Target shapes whose threshold is a number of units."""


def setup_choices(connection: Connection) -> dict[str, dict[str, object]]:
    """The lists the setup workbook's choice columns take, label → stored value: region
    levels and kinds and target shapes from the vocabulary, title levels and grading
    schemes from the database's catalogue.  The template offers the same labels."""
    schemes = connection.execute(
        select(GradingScheme.name_zh, GradingScheme.version, GradingScheme.code).order_by(
            GradingScheme.code, GradingScheme.version
        )
    )
    return {
        "level": {translate(f"intake.setup.level.{level}", "zh"): level for level in LEVEL_ORDER},
        "kind": {
            translate(f"intake.setup.kind.{kind}", "zh"): kind
            for kinds in KINDS_BY_LEVEL.values()
            for kind in kinds
        },
        "shape": {translate(f"shape.{shape}", "zh"): shape for shape in TARGET_SHAPES},
        "title_level": dict(
            connection.execute(select(TitleLevel.name_zh, TitleLevel.code).order_by(TitleLevel.rank)).all()
        ),
        "scheme": {
            translate("intake.terms.scheme", "zh", name=name, version=version): (code, version)
            for name, version, code in schemes
        },
    }


def plan_setup(engine: Engine, workbooks: Sequence[Workbook], scope: Scope, now: dt.datetime) -> ImportPlan:
    """What the setup workbooks would add as ``scope``'s user; writes nothing.  Every
    problem of every file at once; without problems, every record as new or unchanged.
    A workbook with any row in a region the scope may not ``setup`` (a new region: its
    parent) is refused whole first, by a problem per sheet naming the rows and codes as
    the file wrote them.  ``now`` is taken for the planners' one signature
    (data_access/intake.py): no date in the workbook is judged against today."""
    names = tuple(book.name for book in workbooks)
    problems: list[Problem] = []
    records: dict[str, list[Record]] = {sheet.subject: [] for sheet in SHEETS}
    incomplete: list[Record] = []
    with reading(engine) as reader:
        connection = reader.connection
        choices = setup_choices(connection)
        for book in workbooks:
            for sheet in SHEETS:
                if sheet.name not in book.sheets:
                    problems.append(
                        Problem(
                            book.name,
                            sheet.name,
                            None,
                            None,
                            None,
                            "setup_missing_sheet",
                            {"sheet": sheet.name},
                        )
                    )
                    continue
                found, sheet_problems = read_sheet(book.name, sheet, book.sheets[sheet.name], choices)
                records[sheet.subject] += [r for r in found if r.complete]
                incomplete += [r for r in found if not r.complete]
                problems += sheet_problems
        for subject, found in records.items():
            records[subject], duplicates = _once(found)
            problems += duplicates
        stored = _stored(connection, records)
        refused = _outside_scope(connection, records, stored, scope)
    if refused:
        return ImportPlan("setup", names, (), tuple(refused), "", None)
    problems += _reference_problems(records, stored, choices, incomplete)
    changes, differing = _changes(records, stored, choices)
    problems += differing
    problems.sort(key=lambda p: (names.index(p.file), _sheet_order(p.sheet), p.row or 0))
    return ImportPlan(
        "setup",
        names,
        tuple(changes) if not problems else (),
        tuple(problems),
        _fingerprint(stored),
        payload=records if not problems else None,
    )


def apply_setup(engine: Engine, plan: ImportPlan, scope: Scope, reason: str) -> ImportResult:
    """Write what a setup plan adds, in one transaction, each row with a ``setup_changed``
    audit row in ``scope``'s name; :class:`StalePlan` if what the plan touches changed
    since the preview, OutOfScope if the scope does not allow a row (a plan made by
    another user), and nothing written.  ``reason`` is for corrections, which a setup plan
    never holds."""
    if not plan.writable:
        raise IntakeRefused(plan.problems)
    records: dict[str, list[Record]] = plan.payload
    try:
        with engine.begin() as connection:
            _one_writer_at_a_time(connection)
            stored = _stored(connection, records)
            if _fingerprint(stored) != plan.fingerprint:
                raise StalePlan(translate("intake.stale", "zh"))
            if _outside_scope(connection, records, stored, scope):
                raise OutOfScope("setup")
            new = {
                subject: [r for r in found if r.key() not in stored[subject]]
                for subject, found in records.items()
            }
            if any(new.values()):
                _write(connection, new)
                record_many(connection, scope.user, _events(connection, new, stored))
    except IntegrityError as error:
        # the same codes written by another upload between this one's check and its insert
        raise StalePlan(translate("intake.stale", "zh")) from error
    written = sum(len(found) for found in new.values())
    unchanged = sum(len(found) for found in records.values()) - written
    return ImportResult(
        written,
        unchanged,
        translate("intake.setup.summary", "zh", written=written, unchanged=unchanged),
        translate("intake.setup.summary", "en", written=written, unchanged=unchanged),
    )


SETUP_LOCK = 0x5E7C
"""The PostgreSQL advisory lock that setup writes take in turn."""


def _one_writer_at_a_time(connection: Connection) -> None:
    """Wait for any other setup being written, so that this one's check of what is stored
    sees what that one wrote.  Allocations have no unique key to refuse a second copy, so
    two confirms of the same preview at once would otherwise both pass the check.  On
    PostgreSQL an advisory lock held to the end of the transaction; on SQLite a write
    statement that changes nothing, which takes the database's one write lock first, before
    anything is read."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(SETUP_LOCK)))
    else:
        connection.execute(update(DataVersion).where(false()).values(version=DataVersion.version))


# --- the scope ---------------------------------------------------------------------------


def _touched(records: dict[str, list[Record]], programme_regions: dict[str, str | None]):
    """(record, field, region code) for every region each record creates or changes: a
    region its parent (a new one is set up on its parent; the refusal names the row's own
    code), a programme its region, a
    programme's stage its programme's region, an enrolment its unit, a target its scope,
    an allocation or a payment its source and its recipient."""
    for record in records["region"]:
        yield record, "parent_code", record.values["parent_code"]
    for record in records["programme"]:
        yield record, "region_code", record.values["region_code"]
    for record in records["programme_stage"]:
        yield record, "programme_code", programme_regions.get(record.values["programme_code"])
    for record in records["enrolment"]:
        yield record, "unit_code", record.values["unit_code"]
    for record in records["target"]:
        yield record, "scope_code", record.values["scope_code"]
    for record in records["allocation"] + records["disbursement"]:
        yield record, "source_code", record.values["source_code"]
        yield record, "recipient_code", record.values["recipient_code"]


def _programme_regions(records: dict[str, list[Record]], stored: Stored) -> dict[str, str | None]:
    found = {key[0]: rows[0]["region_code"] for key, rows in stored["programme"].items()}
    return found | {r.values["code"]: r.values["region_code"] for r in records["programme"]}


def _outside_scope(
    connection: Connection, records: dict[str, list[Record]], stored: Stored, scope: Scope
) -> list[Problem]:
    """The rows that set up something where the scope may not ``setup``, one problem per
    sheet naming them as the file wrote them.  A region new in the file counts as the
    stored region it is set up under (its parent's, or its parent's parent's...)."""
    if scope.everything:
        return []
    parents = {r.values["code"]: r.values["parent_code"] for r in records["region"]}
    programme_regions = _programme_regions(records, stored)
    touched = list(_touched(records, programme_regions))
    found = places(connection, {code for _, _, code in touched} | set(parents) | set(parents.values()))

    def place(code: str | None):
        seen: set[str] = set()
        while code is not None and code not in found and code in parents and code not in seen:
            seen.add(code)
            code = parents[code]
        return None if code is None else found.get(code)

    refused = [
        (
            record.file,
            record.sheet.name,
            record.row,
            str(record.values["code" if record.sheet is REGIONS else field]),
        )
        for record, field, code in touched
        if not scope.allows("setup", place(code))
    ]
    return outside_problems("setup_outside_scope", None, refused)


def _events(connection: Connection, new: dict[str, list[Record]], stored: Stored) -> list[Event]:
    """A ``setup_changed`` audit row per record written: the sheet and key as subject, the
    region it set up (a region itself; the others as :func:`_touched` says, an allocation
    or payment by its recipient), the record's values as after.  No record is ever
    changed once stored, so none has a before."""
    programme_regions = _programme_regions(new, stored)
    codes: dict[int, str | None] = {}
    for record, field, code in _touched(new, programme_regions):
        if field != "source_code":
            codes[id(record)] = record.values["code"] if record.sheet is REGIONS else code
    ids = _ids(connection, Region, {code for code in codes.values() if code})
    return [
        Event(
            "setup_changed",
            f"{record.sheet.name} {_key_text(record)}",
            ids.get(codes.get(id(record))),
            after=record.values,
        )
        for sheet in SHEETS
        for record in new[sheet.subject]
    ]


# --- the file against itself -----------------------------------------------------------


def _sheet_order(name: str | None) -> int:
    names = [sheet.name for sheet in SHEETS]
    return names.index(name) if name in names else -1


def _once(records: list[Record]) -> tuple[list[Record], list[Problem]]:
    """Each key once; a second row with a key already seen is a problem naming the first."""
    first: dict[tuple, Record] = {}
    problems: list[Problem] = []
    for record in records:
        key = record.key()
        if key in first:
            seen = first[key]
            column = record.sheet.columns[0].header
            problems.append(
                Problem(
                    record.file,
                    record.sheet.name,
                    record.row,
                    column,
                    _key_text(record),
                    "setup_duplicate",
                    {"file": seen.file, "row": seen.row},
                )
            )
        else:
            first[key] = record
    return list(first.values()), problems


def _key_text(record: Record) -> str:
    return " / ".join(_shown(record.values[f]) for f in record.sheet.key)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return next(label for label, flag in YES_NO.items() if flag is value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


# --- what the database holds ---------------------------------------------------------------


def _stored(connection: Connection, records: dict[str, list[Record]]) -> Stored:
    """The stored rows under every key the records name or refer to.  Regions are read up
    to the root, so that "inside the programme's region" can be told for stored ones too.

    Rows of these tables are never updated, so none is locked: what can change between
    preview and writing is rows added, which the fingerprint sees (setup writes take
    turns, :func:`_one_writer_at_a_time`), or added by another writer at the same moment,
    which the tables' unique keys refuse (:func:`apply_setup` says stale)."""
    programme_codes = sorted(
        {r.values["code"] for r in records["programme"]}
        | {
            r.values["programme_code"]
            for s in (STAGES, ENROLMENTS, TARGETS, ALLOCATIONS, DISBURSEMENTS)
            for r in records[s.subject]
        }
    )
    stored: Stored = {sheet.subject: {} for sheet in SHEETS}
    stored["region"] = _stored_regions(connection, _region_codes(records))
    programmes = _rows(connection, _PROGRAMME_QUERY.where(Programme.code.in_(programme_codes)))
    for row in programmes:
        row["scheme"] = (row.pop("scheme_code"), row.pop("scheme_version"))
        stored["programme"][(row["code"],)] = [row]
        _more_regions(connection, stored["region"], [row["region_code"]])
    within = Programme.code.in_(programme_codes)
    for subject, query, key in (
        ("programme_stage", _STAGE_QUERY, STAGES.key),
        ("enrolment", _ENROLMENT_QUERY, ENROLMENTS.key),
        ("target", _TARGET_QUERY, TARGETS.key),
        ("allocation", _ALLOCATION_QUERY, ALLOCATIONS.key),
        ("disbursement", _DISBURSEMENT_QUERY, DISBURSEMENTS.key),
    ):
        for row in _rows(connection, query.where(within)):
            stored[subject].setdefault(tuple(row[f] for f in key), []).append(row)
    for rows in stored["allocation"].values():
        rows.sort(key=lambda row: row.pop("id"))
    return stored


def _region_codes(records: dict[str, list[Record]]) -> set[str]:
    fields = (
        "code",
        "parent_code",
        "region_code",
        "unit_code",
        "scope_code",
        "source_code",
        "recipient_code",
    )
    return {
        r.values[f]
        for found in records.values()
        for r in found
        for f in fields
        if f in r.values and r.values[f] is not None and (f != "code" or r.sheet is REGIONS)
    }


_PARENT = Region.__table__.alias("parent")
_REGION_QUERY = select(
    Region.code,
    Region.name_zh,
    Region.name_en,
    Region.level,
    Region.kind,
    _PARENT.c.code.label("parent_code"),
).outerjoin(_PARENT, _PARENT.c.id == Region.parent_id)


def _stored_regions(connection: Connection, codes: Iterable[str]) -> dict[tuple, list[dict]]:
    regions: dict[tuple, list[dict]] = {}
    _more_regions(connection, regions, codes)
    return regions


def _more_regions(connection: Connection, regions: dict[tuple, list[dict]], codes: Iterable[str]) -> None:
    """Add the stored regions of ``codes`` and their ancestors (a few statements: one per level)."""
    wanted = {c for c in codes if (c,) not in regions}
    while wanted:
        rows = _rows(connection, _REGION_QUERY.where(Region.code.in_(sorted(wanted))))
        for row in rows:
            regions[(row["code"],)] = [row]
        wanted = {
            row["parent_code"] for row in rows if row["parent_code"] and (row["parent_code"],) not in regions
        }


_REGION_CODE = Region.__table__.alias("programme_region")
_PROGRAMME_QUERY = (
    select(
        Programme.code,
        Programme.name_zh,
        Programme.name_en,
        _REGION_CODE.c.code.label("region_code"),
        TitleLevel.code.label("level_code"),
        GradingScheme.code.label("scheme_code"),
        GradingScheme.version.label("scheme_version"),
        Programme.start_date,
        Programme.end_date,
        Programme.report_deadline_day,
        Programme.source,
        Programme.source_en,
    )
    .join(_REGION_CODE, _REGION_CODE.c.id == Programme.region_id)
    .join(TitleLevel, TitleLevel.id == Programme.level_id)
    .join(GradingScheme, GradingScheme.id == Programme.scheme_id)
)
_STAGE_QUERY = select(
    Programme.code.label("programme_code"),
    ProgrammeStage.seq,
    ProgrammeStage.name_zh,
    ProgrammeStage.name_en,
    ProgrammeStage.planned_start,
    ProgrammeStage.planned_end,
).join(Programme, Programme.id == ProgrammeStage.programme_id)
_UNIT = Region.__table__.alias("unit")
_ENROLMENT_QUERY = (
    select(
        Programme.code.label("programme_code"),
        _UNIT.c.code.label("unit_code"),
        ProgrammeUnit.enrolled_on,
        ProgrammeUnit.is_pilot,
    )
    .join(Programme, Programme.id == ProgrammeUnit.programme_id)
    .join(_UNIT, _UNIT.c.id == ProgrammeUnit.unit_id)
)
_SCOPE = Region.__table__.alias("scope")
_TARGET_QUERY = (
    select(
        Programme.code.label("programme_code"),
        Target.code,
        Target.shape,
        _SCOPE.c.code.label("scope_code"),
        TitleLevel.code.label("level_code"),
        Target.threshold,
        Target.due_date,
        Target.description_zh,
        Target.description_en,
    )
    .join(Programme, Programme.id == Target.programme_id)
    .join(_SCOPE, _SCOPE.c.id == Target.scope_region_id)
    .outerjoin(TitleLevel, TitleLevel.id == Target.level_id)
)
_SOURCE = Region.__table__.alias("source")
_RECIPIENT = Region.__table__.alias("recipient")
_ALLOCATION_COLUMNS = (
    Programme.code.label("programme_code"),
    _SOURCE.c.code.label("source_code"),
    _RECIPIENT.c.code.label("recipient_code"),
    SubsidyAllocation.allocated_on,
)
_ALLOCATION_QUERY = (
    select(SubsidyAllocation.id, *_ALLOCATION_COLUMNS, SubsidyAllocation.amount, SubsidyAllocation.note)
    .join(Programme, Programme.id == SubsidyAllocation.programme_id)
    .join(_SOURCE, _SOURCE.c.id == SubsidyAllocation.source_region_id)
    .join(_RECIPIENT, _RECIPIENT.c.id == SubsidyAllocation.recipient_region_id)
)
_DISBURSEMENT_QUERY = (
    select(
        *_ALLOCATION_COLUMNS,
        SubsidyDisbursement.disbursed_on,
        SubsidyDisbursement.amount,
        SubsidyDisbursement.note,
    )
    .join(SubsidyAllocation, SubsidyAllocation.id == SubsidyDisbursement.allocation_id)
    .join(Programme, Programme.id == SubsidyAllocation.programme_id)
    .join(_SOURCE, _SOURCE.c.id == SubsidyAllocation.source_region_id)
    .join(_RECIPIENT, _RECIPIENT.c.id == SubsidyAllocation.recipient_region_id)
)


def _rows(connection: Connection, query) -> list[dict]:
    rows = [dict(row._mapping) for row in connection.execute(query)]
    for row in rows:
        for field, value in row.items():
            if isinstance(value, Decimal):
                row[field] = value.quantize(Decimal("0.01"))
    return rows


def _fingerprint(stored: Stored) -> str:
    """What the plan was made against, as one hash: every stored row under its keys."""
    flat = sorted(
        (subject, repr(key), repr(rows)) for subject, keyed in stored.items() for key, rows in keyed.items()
    )
    return hashlib.sha256(json.dumps(flat, ensure_ascii=False).encode()).hexdigest()


# --- references between sheets ---------------------------------------------------------


def _reference_problems(
    records: dict[str, list[Record]],
    stored: Stored,
    choices: dict[str, dict[str, object]],
    incomplete: list[Record],
) -> list[Problem]:
    """Whether what each record refers to exists, in the file or the database, and fits.
    A record with a bad cell is not checked, but its code counts as present."""
    regions = {r.values["code"]: r.values for r in incomplete if r.sheet is REGIONS and r.values["code"]}
    regions |= {r.values["code"]: r.values for r in records["region"]}
    regions |= {key[0]: rows[0] for key, rows in stored["region"].items() if key[0] not in regions}
    programmes = {
        r.values["code"]: r.values for r in incomplete if r.sheet is PROGRAMMES and r.values["code"]
    }
    programmes |= {r.values["code"]: r.values for r in records["programme"]}
    programmes |= {key[0]: rows[0] for key, rows in stored["programme"].items() if key[0] not in programmes}
    allocations = {r.key() for r in records["allocation"] + incomplete if r.sheet is ALLOCATIONS}
    allocations |= set(stored["allocation"])

    def ancestors(code: str) -> list[str]:
        chain: list[str] = []
        while code in regions and code not in chain:
            chain.append(code)
            code = regions[code]["parent_code"]
        return chain

    problems: list[Problem] = []

    def problem(record: Record, field: str, key: str, **values: object) -> None:
        column = record.column(field)
        value = _preview_value(column, record.values[field], choices)
        problems.append(
            Problem(
                record.file,
                record.sheet.name,
                record.row,
                column.header,
                cell_text(value),
                key,
                values,
            )
        )

    def region(
        record: Record, field: str, levels: tuple[str, ...] = LEVEL_ORDER, wrong_level: str = ""
    ) -> dict | None:
        """The region ``field`` names, if it exists and is of one of ``levels`` (else the
        problem ``wrong_level``)."""
        code = record.values[field]
        if code not in regions:
            problem(record, field, "setup_unknown_region", code=code)
            return None
        found = regions[code]
        if found["level"] is None:
            return None
        if found["level"] not in levels:
            problem(record, field, wrong_level, name=found["name_zh"])
            return None
        return found

    def programme(record: Record) -> dict | None:
        code = record.values["programme_code"]
        if code not in programmes:
            problem(record, "programme_code", "setup_unknown_programme", code=code)
            return None
        return programmes[code]

    def inside(record: Record, field: str, found: dict | None) -> None:
        if found is None or record.values[field] not in regions:
            return
        home = found["region_code"]
        if home is not None and home not in ancestors(record.values[field]):
            problem(
                record, field, "setup_outside_programme", region=regions.get(home, {}).get("name_zh", home)
            )

    for record in records["region"]:
        values = record.values
        index = LEVEL_ORDER.index(values["level"])
        if values["kind"] not in KINDS_BY_LEVEL[values["level"]]:
            problem(record, "kind", "setup_kind_of_level")
        if index == 0:
            if values["parent_code"] is not None:
                problem(record, "parent_code", "setup_root_parent")
        elif values["parent_code"] is None:
            problem(record, "parent_code", "setup_parent_needed")
        else:
            region(record, "parent_code", (LEVEL_ORDER[index - 1],), "setup_wrong_parent")
    for record in records["programme"]:
        region(record, "region_code", LEVEL_ORDER[:-1], "setup_wants_area")
        if record.values["end_date"] < record.values["start_date"]:
            problem(record, "end_date", "setup_end_before_start")
    for record in records["programme_stage"]:
        programme(record)
        if record.values["planned_end"] < record.values["planned_start"]:
            problem(record, "planned_end", "setup_end_before_start")
    for record in records["enrolment"]:
        found = programme(record)
        if region(record, "unit_code", ("unit",), "setup_wants_unit") is not None:
            inside(record, "unit_code", found)
    for record in records["target"]:
        found = programme(record)
        values = record.values
        if region(record, "scope_code", LEVEL_ORDER[:-1], "setup_wants_area") is not None:
            inside(record, "scope_code", found)
        if values["shape"] not in NO_LEVEL_SHAPES and values["level_code"] is None:
            problem(record, "level_code", "setup_level_needed")
        if values["shape"] == "share" and values["threshold"] > 100:
            problem(record, "threshold", "setup_share_percent")
        if values["shape"] in WHOLE_SHAPES and values["threshold"] != values["threshold"].to_integral_value():
            problem(record, "threshold", "setup_whole_units")
    for record in records["allocation"]:
        programme(record)
        region(record, "source_code")
        region(record, "recipient_code")
    for record in records["disbursement"]:
        allocation = tuple(record.values[f] for f in ALLOCATION_KEY)
        if allocation not in allocations:
            problem(record, "allocated_on", "setup_unknown_allocation")
        if record.values["disbursed_on"] < record.values["allocated_on"]:
            problem(record, "disbursed_on", "setup_paid_before_allocated")
    for record, allocated, paid in _overpaid(records, stored):
        problem(record, "amount", "setup_overpaid", allocated=allocated, paid=paid)
    return problems


def _overpaid(records: dict[str, list[Record]], stored: Stored) -> list[tuple[Record, Decimal, Decimal]]:
    """The payments that take an allocation's total paid (stored and in the file) above
    the amount allocated: the last row of the file paying against it, with both sums."""
    allocated = {key: rows[0]["amount"] for key, rows in stored["allocation"].items()}
    allocated |= {r.key(): r.values["amount"] for r in records["allocation"]}
    paid: dict[tuple, Decimal] = {}
    for key, rows in stored["disbursement"].items():
        paid[key[: len(ALLOCATION_KEY)]] = paid.get(key[: len(ALLOCATION_KEY)], Decimal(0)) + sum(
            row["amount"] for row in rows
        )
    last: dict[tuple, Record] = {}
    for record in records["disbursement"]:
        allocation = record.key()[: len(ALLOCATION_KEY)]
        last[allocation] = record
        if record.key() not in stored["disbursement"]:
            paid[allocation] = paid.get(allocation, Decimal(0)) + record.values["amount"]
    return [
        (record, allocated[key], paid[key])
        for key, record in last.items()
        if key in allocated and paid[key] > allocated[key]
    ]


# --- new, unchanged or refused -------------------------------------------------------------


def _changes(
    records: dict[str, list[Record]], stored: Stored, choices: dict[str, dict[str, object]]
) -> tuple[list[Change], list[Problem]]:
    changes: list[Change] = []
    problems: list[Problem] = []
    for sheet in SHEETS:
        for record in records[sheet.subject]:
            rows = stored[sheet.subject].get(record.key())
            after = _preview(sheet, record.values)
            label = str(record.values.get("name_zh") or record.values.get("description_zh") or "")
            if rows is None:
                changes.append(Change("new", sheet.subject, _key_text(record), label, None, after))
                continue
            same = next((row for row in rows if _differences(sheet, record.values, row) == []), None)
            if same is not None:
                changes.append(Change("unchanged", sheet.subject, _key_text(record), label, after, after))
                continue
            row = rows[0]
            for field in _differences(sheet, record.values, row):
                column = record.column(field)
                problems.append(
                    Problem(
                        record.file,
                        sheet.name,
                        record.row,
                        column.header,
                        cell_text(_preview_value(column, record.values[field], choices)),
                        "setup_stored_differently",
                        {"stored": _preview_value(column, row[field], choices) or "（空）"},
                    )
                )
    return changes, problems


def _differences(sheet: Sheet, values: dict, row: dict) -> list[str]:
    return [c.field for c in sheet.columns if _comparable(values[c.field]) != _comparable(row[c.field])]


def _comparable(value: object) -> object:
    if value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _preview(sheet: Sheet, values: dict) -> dict[str, object]:
    """The record as the preview lists it: by its columns' fields, a choice or a 是/否 as
    a term the page words in its language (:mod:`oversight.intake.terms`), the rest as
    typed."""
    return {c.field: _term(c, values[c.field]) for c in sheet.columns}


def _term(column, value: object) -> object:
    if value is None:
        return None
    if column.choices is not None:
        return Term(column.choices, value)
    if isinstance(value, bool):
        return Term("yes_no", "yes" if value else "no")
    return _shown(value)


def _preview_value(column, value: object, choices) -> str:
    if column.choices is not None and value is not None:
        labels = {stored: label for label, stored in choices[column.choices].items()}
        return labels.get(value, str(value))
    return _shown(value)


# --- writing -------------------------------------------------------------------------------


def _write(connection: Connection, new: dict[str, list[Record]]) -> None:
    """Insert the new records: regions parents first, then what refers to them."""
    regions = sorted(new["region"], key=lambda r: LEVEL_ORDER.index(r.values["level"]))
    specs = [
        RegionSpec(v["code"], v["name_zh"], v["level"], v["kind"], v["parent_code"], v["name_en"])
        for v in (r.values for r in regions)
    ]
    write_programme_data(connection, ProgrammeData(regions=specs))
    region_ids = _ids(
        connection, Region, _region_codes(new) | {code for code, *_ in (r.key() for r in new["region"])}
    )
    levels = dict(connection.execute(select(TitleLevel.code, TitleLevel.id)).all())
    schemes = {
        (code, version): id_
        for id_, code, version in connection.execute(
            select(GradingScheme.id, GradingScheme.code, GradingScheme.version)
        )
    }
    for record in new["programme"]:
        v = record.values
        connection.execute(
            insert(Programme),
            {
                "code": v["code"],
                "name_zh": v["name_zh"],
                "name_en": v["name_en"],
                "region_id": region_ids[v["region_code"]],
                "level_id": levels[v["level_code"]],
                "scheme_id": schemes[v["scheme"]],
                "start_date": v["start_date"],
                "end_date": v["end_date"],
                "report_deadline_day": v["report_deadline_day"],
                "source": v["source"],
                "source_en": v["source_en"],
            },
        )
    codes = {
        r.values["programme_code"]
        for s in (STAGES, ENROLMENTS, TARGETS, ALLOCATIONS, DISBURSEMENTS)
        for r in new[s.subject]
    }
    programme_ids = _ids(connection, Programme, codes)
    _insert(
        connection,
        ProgrammeStage,
        [
            {"programme_id": programme_ids[v["programme_code"]]}
            | {f: v[f] for f in ("seq", "name_zh", "name_en", "planned_start", "planned_end")}
            for v in (r.values for r in new["programme_stage"])
        ],
    )
    _insert(
        connection,
        ProgrammeUnit,
        [
            {
                "programme_id": programme_ids[v["programme_code"]],
                "unit_id": region_ids[v["unit_code"]],
                "is_pilot": v["is_pilot"],
                "enrolled_on": v["enrolled_on"],
            }
            for v in (r.values for r in new["enrolment"])
        ],
    )
    _insert(
        connection,
        Target,
        [
            {
                "programme_id": programme_ids[v["programme_code"]],
                "code": v["code"],
                "shape": v["shape"],
                "scope_region_id": region_ids[v["scope_code"]],
                "level_id": levels[v["level_code"]] if v["level_code"] else None,
                "threshold": v["threshold"],
                "due_date": v["due_date"],
                "description_zh": v["description_zh"],
                "description_en": v["description_en"],
            }
            for v in (r.values for r in new["target"])
        ],
    )
    allocation_ids: dict[tuple, int] = {}
    for record in new["allocation"]:
        v = record.values
        allocation_ids[record.key()] = connection.execute(
            insert(SubsidyAllocation).returning(SubsidyAllocation.id),
            {
                "programme_id": programme_ids[v["programme_code"]],
                "source_region_id": region_ids[v["source_code"]],
                "recipient_region_id": region_ids[v["recipient_code"]],
                "amount": v["amount"],
                "allocated_on": v["allocated_on"],
                "note": v["note"],
            },
        ).scalar_one()
    rows = []
    for record in new["disbursement"]:
        v = record.values
        key = tuple(v[f] for f in ALLOCATION_KEY)
        if key not in allocation_ids:
            allocation_ids[key] = _stored_allocation(connection, key, programme_ids, region_ids)
        rows.append(
            {
                "allocation_id": allocation_ids[key],
                "amount": v["amount"],
                "disbursed_on": v["disbursed_on"],
                "note": v["note"],
            }
        )
    _insert(connection, SubsidyDisbursement, rows)


def _ids(connection: Connection, model: type, codes: Iterable[str]) -> dict[str, int]:
    return dict(connection.execute(select(model.code, model.id).where(model.code.in_(sorted(codes)))).all())


def _stored_allocation(connection: Connection, key: tuple, programme_ids, region_ids) -> int:
    """The first stored allocation under ``key`` (the one a preview compares with)."""
    programme_code, source, recipient, allocated_on = key
    return connection.scalar(
        select(SubsidyAllocation.id)
        .where(
            SubsidyAllocation.programme_id == programme_ids[programme_code],
            SubsidyAllocation.source_region_id == region_ids[source],
            SubsidyAllocation.recipient_region_id == region_ids[recipient],
            SubsidyAllocation.allocated_on == allocated_on,
        )
        .order_by(SubsidyAllocation.id)
        .limit(1)
    )


def _insert(connection: Connection, model: type, rows: list[dict]) -> None:
    if rows:
        connection.execute(insert(model), rows)
