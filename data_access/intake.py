"""Taking an upload in: the one entry the upload page and ``python -m oversight import`` call.

:func:`plan_import` opens every file the one safe way (``oversight.intake.workbook``),
tells which kind of workbook the upload is and hands it to that kind's planner, which
checks every cell and previews the changes without writing; :func:`apply_import` hands a
confirmed plan to the same kind's writer, all of it in one transaction or nothing.  A
workbook of no kind is refused, naming the kinds taken (docs/templates.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import Engine

from oversight.access import Scope
from oversight.intake.kinds import FIRST_SHEETS, kind_of
from oversight.intake.plan import ImportPlan, ImportResult
from oversight.intake.problems import IntakeRefused, Problem
from oversight.intake.workbook import Workbook, read_workbook

Planner = Callable[[Engine, Sequence[Workbook], Scope, dt.datetime], ImportPlan]
Applier = Callable[[Engine, ImportPlan, Scope, str], ImportResult]

TAKEN_KINDS = ("monthly", "stages", "setup")
"""The kinds of workbook an upload may be, in the order the refusal names them."""


def _handlers(kind: str) -> tuple[Planner, Applier]:
    """The planner and writer of ``kind``, imported when first used: each kind's checks
    load their own reference data and schema, which a page that never uploads need not."""
    if kind == "monthly":
        from data_access.intake_monthly import apply_monthly, plan_monthly

        return plan_monthly, apply_monthly
    if kind == "stages":
        from data_access.intake_stages import apply_stages, plan_stages

        return plan_stages, apply_stages
    if kind == "setup":
        from data_access.intake_setup import apply_setup, plan_setup

        return plan_setup, apply_setup
    raise ValueError(f"不能导入“{kind}”类工作簿（可导入：{'、'.join(TAKEN_KINDS)}）")


def plan_import(
    engine: Engine,
    files: Sequence[tuple[str, bytes]],
    scope: Scope,
    now: dt.datetime | None = None,
) -> ImportPlan:
    """What uploading ``files`` (name and content of each) as ``scope``'s user would
    change; writes nothing.  An upload holding any row outside the scope is refused whole
    (each kind's planner checks that first).

    Every file is read before any is judged, so a plan with problems lists those of all
    the files at once: files that cannot be read, then workbooks of a kind not taken or of
    a kind other than the upload's first workbook.  Without such problems, the kind's
    planner checks the cells."""
    if not files:
        raise ValueError("没有要导入的文件：请至少选择一个工作簿")
    names = tuple(name for name, _ in files)
    problems: list[Problem] = []
    workbooks: list[Workbook] = []
    for name, data in files:
        try:
            workbooks.append(read_workbook(name, data))
        except IntakeRefused as refused:
            problems += refused.problems
    kinds = {book.name: kind_of(book.sheet_names) for book in workbooks}
    taken = [book for book in workbooks if kinds[book.name] in TAKEN_KINDS]
    upload_kind = kinds[taken[0].name] if taken else ""
    for book in workbooks:
        problems += _kind_problems(book, kinds[book.name], upload_kind, taken)
    if problems:
        return ImportPlan(upload_kind, names, (), tuple(problems), fingerprint="")
    plan, _ = _handlers(upload_kind)
    return plan(engine, workbooks, scope, now or dt.datetime.now().replace(microsecond=0))


def _kind_problems(
    book: Workbook, kind: str | None, upload_kind: str, taken: list[Workbook]
) -> list[Problem]:
    first_sheet = book.sheet_names[0] if book.sheet_names else ""
    if kind not in TAKEN_KINDS:
        kinds = " / ".join(f"“{FIRST_SHEETS[k]}”" for k in TAKEN_KINDS)
        return [
            Problem(
                book.name,
                first_sheet,
                None,
                None,
                None,
                "unknown_kind",
                {"sheet": first_sheet, "kinds": kinds},
            )
        ]
    if kind != upload_kind:
        values = {
            "kind": FIRST_SHEETS[kind],
            "first_file": taken[0].name,
            "first_kind": FIRST_SHEETS[upload_kind],
        }
        return [Problem(book.name, first_sheet, None, None, None, "mixed_kinds", values)]
    return []


def apply_import(engine: Engine, plan: ImportPlan, scope: Scope, reason: str) -> ImportResult:
    """Write a confirmed plan through its kind's writer as ``scope``'s user, in one
    transaction with its audit rows; refuses a plan with problems (:class:`IntakeRefused`).
    The writer checks the scope again (OutOfScope: a plan made by another user is not
    written by one with fewer rights) and raises
    :class:`~oversight.intake.plan.StalePlan` when the data changed since the preview."""
    if not plan.writable:
        raise IntakeRefused(plan.problems)
    _, apply = _handlers(plan.workbook_kind)
    return apply(engine, plan, scope, reason)
