"""The three workbooks the bureau takes in, told apart by their first sheet.

Every template begins with its data sheet and ends with its instructions
(:data:`INSTRUCTIONS_SHEET`); docs/templates.md lists every column.
"""

from __future__ import annotations

from collections.abc import Sequence

WORKBOOK_KINDS = ("monthly", "stages", "setup")

FIRST_SHEETS = {"monthly": "月报", "stages": "阶段与命名", "setup": "地区与单位"}
"""The first sheet of each kind of workbook."""

INSTRUCTIONS_SHEET = "填写说明"


def kind_of(sheet_names: Sequence[str]) -> str | None:
    """The kind of a workbook with these sheets, by its first sheet; None if none fits."""
    if not sheet_names:
        return None
    return next((kind for kind, first in FIRST_SHEETS.items() if sheet_names[0] == first), None)
