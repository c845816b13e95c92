"""A preview of what an upload would change, and what writing it did.

An upload is planned first (:class:`ImportPlan`: every change with its before and after,
or every problem) and written only when a person confirms it.  The plan remembers what
it was made against (``fingerprint``): if the data changed in between, writing refuses
(:class:`StalePlan`) rather than overwrite what someone else just submitted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oversight.intake.problems import Problem

CHANGE_KINDS = ("new", "correction", "unchanged")
"""What an upload does to one subject: adds it, stores a new revision of it, or nothing
(the same values again: uploading a file twice changes nothing)."""

SUBJECTS = (
    "report",
    "stage_event",
    "review",
    "title",
    "region",
    "programme",
    "programme_stage",
    "enrolment",
    "target",
    "allocation",
    "disbursement",
)
"""The kinds of record an upload or a form can add."""


@dataclass(frozen=True)
class Change:
    """One record an upload adds or revises.  ``key`` names it for people (a unit code
    and month, a region code), ``label`` says which (the unit's name); ``before`` is None
    for a new record; both map a field to its value, which the page and the command line
    word in their language by :mod:`oversight.intake.terms` (a stages or setup record's
    fields by their codes, its choices as terms; a report's fields by the template's
    headers)."""

    kind: str
    subject: str
    key: str
    label: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any]


@dataclass(frozen=True)
class ImportPlan:
    """What an upload would do.  With ``problems`` nothing may be written; ``payload`` is
    what the writer needs (the parsed rows), opaque to pages and the command line."""

    workbook_kind: str
    files: tuple[str, ...]
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]
    fingerprint: str
    payload: Any = None

    @property
    def writable(self) -> bool:
        return not self.problems

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)


@dataclass(frozen=True)
class ImportResult:
    """What writing a plan did."""

    written: int
    unchanged: int
    summary_zh: str
    summary_en: str


class StalePlan(Exception):
    """The data a preview was made against changed before it was confirmed: nothing was
    written; the message (Chinese) says to preview again."""
