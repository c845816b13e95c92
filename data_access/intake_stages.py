"""Taking in stages workbooks (阶段与命名): every cell checked, a preview, then all or nothing.

Each row becomes a record of :mod:`data_access.stage_records` and is checked by the same
:class:`~data_access.stage_records.Ledger` as the functions a form calls, in the order of
the rows (a move and the naming that follows it may come in one upload).  Nothing is
written by :func:`plan_stages`; :func:`apply_stages` writes the whole plan in one
transaction after checking that nothing the plan was made against has changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from sqlalchemy import Engine, select

from data_access.models import Stage, TitleLevel
from data_access.stage_records import (
    Checked,
    Ledger,
    Naming,
    Record,
    Renewal,
    Review,
    Revocation,
    StageMove,
    write_checked,
    writing,
)
from data_access.submissions import SubmissionError
from data_access.write_scope import outside_problems
from oversight.access import Scope
from oversight.i18n import translate
from oversight.intake.plan import Change, ImportPlan, ImportResult, StalePlan
from oversight.intake.problems import IntakeRefused, Problem, cell_text
from oversight.intake.stages import BY_NAME, COLUMNS, DECISIONS, HEADERS, PREFILLED, RECORDS, REQUIRED, SHEET
from oversight.intake.terms import Term
from oversight.intake.workbook import Workbook
from oversight.stage_path import PATH

SUBJECTS = {
    StageMove: "stage_event",
    Review: "review",
    Naming: "title",
    Renewal: "title",
    Revocation: "title",
}


def plan_stages(engine: Engine, workbooks: Sequence[Workbook], scope: Scope, now: dt.datetime) -> ImportPlan:
    """What the workbooks would record as ``scope``'s user, or every problem with them;
    writes nothing.  A workbook holding any record the scope does not allow (a unit, or a
    certificate's unit, outside it; a move needs ``move``, a review ``review_county`` or
    ``review_city``, a naming, renewal or revocation ``name``) is refused whole, by one
    problem naming the rows and the codes as the file wrote them."""
    with engine.connect() as connection:
        choices = _choices(connection)
        problems: list[Problem] = []
        rows: list[tuple[str, int, Record]] = []
        for workbook in workbooks:
            rows += _read(workbook, choices, problems)
        records = [record for _, _, record in rows]
        ledger = Ledger.load(connection, records, now.date(), scope)
        refused = [
            (file, SHEET, row, _code(record)) for file, row, record in rows if not ledger.allows(record)
        ]
        if refused:
            names = tuple(workbook.name for workbook in workbooks)
            return ImportPlan(
                "stages", names, (), tuple(outside_problems("stages_outside_scope", None, refused)), ""
            )
        fingerprint = ledger.fingerprint()
        changes = []
        for file, row, record in rows:
            try:
                checked = ledger.check(record)
            except SubmissionError as error:
                problems.append(
                    Problem(file, SHEET, row, None, None, "stages_refused", {"message": error.refusal})
                )
                continue
            changes.append(_change(checked))
    files = tuple(workbook.name for workbook in workbooks)
    if not rows and not problems:
        problems = [Problem(name, SHEET, None, None, None, "stages_nothing") for name in files]
    return ImportPlan("stages", files, tuple(changes), tuple(problems), fingerprint, tuple(records))


def apply_stages(engine: Engine, plan: ImportPlan, scope: Scope, reason: str) -> ImportResult:
    """Write a plan without problems in one transaction as ``scope``'s user, each record
    with its audit row; StalePlan if what it was made against changed, OutOfScope if the
    scope does not allow a record (a plan made by another user): nothing written.
    ``reason`` is not needed: stage records are only ever appended, never corrected."""
    if plan.problems:
        raise IntakeRefused(plan.problems)
    records = list(plan.payload)
    now = dt.datetime.now()
    with writing(engine) as connection:
        ledger = Ledger.load(connection, records, now.date(), scope, lock=True)
        if ledger.fingerprint() != plan.fingerprint:
            raise StalePlan(translate("intake.stale", "zh"))
        write_checked(ledger, records, now)
    written = plan.count("new")
    unchanged = plan.count("unchanged")
    counts = {
        subject: sum(1 for c in plan.changes if c.kind == "new" and c.subject == subject)
        for subject in SUBJECTS.values()
    }
    values = {
        "written": written,
        "unchanged": unchanged,
        "moves": counts["stage_event"],
        "reviews": counts["review"],
        "titles": counts["title"],
    }
    return ImportResult(
        written,
        unchanged,
        translate("intake.stages.summary", "zh", **values),
        translate("intake.stages.summary", "en", **values),
    )


def _code(record: Record) -> str:
    """What a row names its unit by, as the file wrote it: the unit code, or the
    certificate number of a renewal or a revocation."""
    return record.certificate_no if isinstance(record, Renewal | Revocation) else record.unit_code


def _choices(connection) -> dict[str, dict[str, str]]:
    """The words a choice cell may hold (Chinese names, or the codes) → code."""
    stages = {
        name: code
        for code, name in connection.execute(select(Stage.code, Stage.name_zh).order_by(Stage.seq))
        if code != PATH[0]
    }
    levels = {
        name: code
        for code, name in connection.execute(
            select(TitleLevel.code, TitleLevel.name_zh).order_by(TitleLevel.rank)
        )
    }
    return {
        "record": dict(RECORDS),
        "stage": stages | {code: code for code in stages.values()},
        "decision": dict(DECISIONS),
        "level": levels | {code: code for code in levels.values()},
    }


def _read(workbook: Workbook, choices, problems: list[Problem]) -> list[tuple[str, int, Record]]:
    """The records of a workbook's data sheet with their row numbers; problems appended."""
    file = workbook.name
    rows = workbook.sheets.get(SHEET, [])
    if not rows:
        problems.append(Problem(file, SHEET, None, None, None, "stages_empty"))
        return []
    header_row, header = rows[0]
    if not _header_fits(file, header_row, header, problems):
        return []
    records = []
    for number, values in rows[1:]:
        cells = dict(
            zip((column.name for column in COLUMNS), (*values, *(None,) * len(COLUMNS)), strict=False)
        )
        extra = [v for v in values[len(COLUMNS) :] if v is not None]
        if extra:
            problems.append(Problem(file, SHEET, number, None, cell_text(extra[0]), "stages_extra_cell"))
        record = _record(file, number, cells, choices, problems)
        if record is not None:
            records.append((file, number, record))
    return records


def _header_fits(file: str, row: int, header: tuple, problems: list[Problem]) -> bool:
    found = [cell_text(value) for value in header]
    while found and found[-1] is None:
        found.pop()
    if tuple(found) == HEADERS:
        return True
    for expected in HEADERS:
        if expected not in found:
            problems.append(
                Problem(file, SHEET, row, expected, None, "stages_column_missing", {"column": expected})
            )
    for position, value in enumerate(found):
        if value not in HEADERS:
            where = _letter(position)
            problems.append(
                Problem(file, SHEET, row, where, value, "stages_column_extra", {"column": value or where})
            )
    if all(expected in found for expected in HEADERS) and all(value in HEADERS for value in found):
        problems.append(
            Problem(file, SHEET, row, None, None, "stages_column_order", {"order": "、".join(HEADERS)})
        )
    return False


def _letter(position: int) -> str:
    return get_column_letter(position + 1)


def _record(file, number, cells, choices, problems) -> Record | None:
    """The row as a record; None for a row left empty or with problems (appended)."""
    before = len(problems)
    for name, value in cells.items():
        if isinstance(value, str) and value.startswith("="):
            header = BY_NAME[name].header
            problems.append(Problem(file, SHEET, number, header, cell_text(value), "stages_formula"))
    if len(problems) > before:
        return None
    filled = {name: value for name, value in cells.items() if _text(value)}
    if not set(filled) - set(PREFILLED):
        return None
    if "record" not in filled:
        problems.append(Problem(file, SHEET, number, BY_NAME["record"].header, None, "stages_record_missing"))
        return None
    kind = choices["record"].get(_text(filled["record"]))
    if kind is None:
        header = BY_NAME["record"].header
        problems.append(
            Problem(file, SHEET, number, header, cell_text(filled["record"]), "stages_record_unknown")
        )
        return None
    for name in REQUIRED[kind]:
        if name not in filled:
            header = BY_NAME[name].header
            problems.append(
                Problem(
                    file,
                    SHEET,
                    number,
                    header,
                    None,
                    "stages_required",
                    {"column": header, "record": filled["record"]},
                )
            )
    values = {}
    for name, value in filled.items():
        column = BY_NAME[name]
        if column.kind == "date":
            day = _date(value)
            if day is None:
                problems.append(
                    Problem(file, SHEET, number, column.header, cell_text(value), "stages_not_date")
                )
            values[name] = day
        elif column.kind == "choice" and name != "record":
            code = choices[name].get(_text(value))
            if code is None:
                problems.append(
                    Problem(
                        file,
                        SHEET,
                        number,
                        column.header,
                        cell_text(value),
                        "stages_choice",
                        {
                            "column": column.header,
                            "choices": "、".join(k for k in choices[name] if not k.isascii()),
                        },
                    )
                )
            values[name] = code
        else:
            values[name] = _text(value)
    if len(problems) > before:
        return None
    return _build(kind, values)


def _build(kind: str, v: dict) -> Record:
    reason = v.get("reason", "")
    if kind == "move":
        return StageMove(v["unit_code"], v["programme_code"], v["stage"], v["day"], reason)
    if kind in ("county", "city"):
        return Review(
            v["unit_code"], v["programme_code"], kind, v["decision"], v["opinion"], v["day"], reason
        )
    if kind == "naming":
        return Naming(
            v["unit_code"],
            v["level"],
            v["day"],
            v["certificate_no"],
            v.get("valid_until"),
            v.get("programme_code"),
            reason,
        )
    if kind == "renewal":
        return Renewal(v["renews"], v["day"], v["certificate_no"], v.get("valid_until"), reason)
    return Revocation(v["certificate_no"], v["day"], reason)


def _text(value) -> str:
    """A cell as the text it shows: numbers typed into a code column lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _change(checked: Checked) -> Change:
    """The record as the preview lists it: by the stages sheet's column codes, its kind,
    stage, level and decision as terms the page words in its language
    (:mod:`oversight.intake.terms`), the rest as typed."""
    record = checked.record
    after: dict[str, object] = {}
    kinds = {StageMove: "move", Naming: "naming", Renewal: "renewal", Revocation: "revocation"}
    if isinstance(record, Review):
        after["record"] = Term("record", record.level)
        after["decision"] = Term("decision", record.decision)
        after["opinion"] = record.opinion
    else:
        after["record"] = Term("record", kinds[type(record)])
    if isinstance(record, Naming):
        after["level"] = Term("title_level", record.level_code)
        after["certificate_no"] = record.certificate_no
        after["valid_until"] = record.valid_until
    if isinstance(record, Renewal):
        after["renews"] = record.certificate_no
        after["certificate_no"] = record.new_certificate_no
        after["valid_until"] = record.valid_until
    if isinstance(record, Revocation):
        after["certificate_no"] = record.certificate_no
    if checked.event is not None:
        after["stage"] = Term("stage", checked.event[1])
    reason = getattr(record, "reason", "")
    if reason:
        after["reason"] = reason
    day = next(
        getattr(record, name)
        for name in ("entered_on", "reviewed_on", "named_on", "renewed_on", "revoked_on")
        if hasattr(record, name)
    )
    return Change(
        "unchanged" if checked.unchanged else "new",
        SUBJECTS[type(record)],
        f"{checked.unit.code} {day:%Y-%m-%d}",
        checked.unit.name_zh,
        None,
        after,
    )
