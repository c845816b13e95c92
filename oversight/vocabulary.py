"""The domain's words for targets, declared once: the schema's checks, the queries, the rules
and the messages all read these (docs/domain.md §3 describes each shape).

Statuses live with the forecast that gives them, report fields in
:mod:`oversight.report_fields`.
"""

from __future__ import annotations

TARGET_SHAPES = ("share", "count", "count_per_child", "pilots", "budget")
"""Every shape a target can take; ``target.shape`` is checked against it, and each has a
``shape.<name>`` message in every language."""

TITLE_SHAPES = ("share", "count", "count_per_child")
"""Shapes met by units holding a title of the target's level (the ones a forecast projects)."""

TARGET_FAMILIES = {"titles": TITLE_SHAPES, "pilots": ("pilots",), "budgets": ("budget",)}
"""Target shapes by what counts toward them: titles held, pilot units launched, money paid."""

PER_CHILD = ("count_per_child", "pilots")
"""Shapes that require their number of every child region: the scope is met when every
county-level unit is."""

PER_COUNTY_ROWS = ("share", "count_per_child", "pilots")
"""Shapes whose scope, unless it is a county, is also shown with one row per county-level
unit (a share is judged on the whole scope, but leaders read it county by county)."""
