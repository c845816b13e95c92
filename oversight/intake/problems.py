"""What is wrong with an upload, said where it is and what to fix.

A problem is a message key and its values, like a ranking's facts, so the upload page
lists it in the page's language and the command line in Chinese; the file, sheet, row,
column and value point at the cell a clerk has to change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from oversight.i18n import translate
from oversight.refusals import Refusal

VALUE_CHARACTERS = 60
"""How much of a cell's value a problem quotes."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an uploaded file.

    ``sheet`` is None for the file as a whole; ``row`` is Excel's 1-based row number;
    ``column`` the header the template gives the column (Chinese), or the column's letter
    where there is no header; ``value`` the cell as text.  The sentence is
    ``intake.problem.<key>`` filled with ``values``."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


def cell_text(value: object) -> str | None:
    """A cell's value as a problem quotes it: text, cut to :data:`VALUE_CHARACTERS`."""
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= VALUE_CHARACTERS else text[: VALUE_CHARACTERS - 1] + "…"


def problem_text(problem: Problem, lang: str) -> str:
    """The problem as one sentence in ``lang``, without its place (the page shows the
    place in columns of its own; :func:`problem_line` joins them).  A value that is a
    refusal of the write path (a stages row the ledger refused) is worded in ``lang`` too,
    and so is each item of a tuple."""
    values = {name: _worded(value, lang) for name, value in problem.values.items()}
    return translate(f"intake.problem.{problem.key}", lang, **values)


def _worded(value: Any, lang: str) -> Any:
    """A refusal in ``lang``; a tuple (the rows and codes an upload outside the scope
    names) each item worded, joined as the language lists things."""
    if isinstance(value, Refusal):
        return value.text(lang)
    if isinstance(value, tuple):
        return translate("refusal.list_separator", lang).join(str(_worded(item, lang)) for item in value)
    return value


def problem_line(problem: Problem, lang: str = "zh") -> str:
    """The problem with its place, as the command line prints it: 文件 月报.xlsx，工作表
    月报，第 7 行，“参与率”列，值“120”：…"""
    parts = [translate("intake.where.file", lang, file=problem.file)]
    if problem.sheet is not None:
        parts.append(translate("intake.where.sheet", lang, sheet=problem.sheet))
    if problem.row is not None:
        parts.append(translate("intake.where.row", lang, row=problem.row))
    if problem.column is not None:
        parts.append(translate("intake.where.column", lang, column=problem.column))
    if problem.value is not None:
        parts.append(translate("intake.where.value", lang, value=problem.value))
    return translate(
        "intake.where.joined",
        lang,
        place=translate("intake.where.separator", lang).join(parts),
        text=problem_text(problem, lang),
    )


class IntakeRefused(Exception):
    """An upload refused as a whole; ``problems`` says every reason at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problem_line(p) for p in self.problems))
