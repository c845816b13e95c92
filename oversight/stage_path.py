"""A unit's path (docs/domain.md §4) as the rule every recorded stage move is judged by.

The path runs 未启动 → 备案启动 → 推进实施 → 自评 → 申报 → 县级初审 → 市级审核 → 现场评定 →
命名 → 复评, and from 复评 back to 命名 when a title is renewed.  A move to the next step
needs nothing more; a move that skips a step (a county-level title named without the
city's review) or goes back (a revoked unit returns to 推进实施) is allowed only with a
reason, which is stored with the move.  The functions of
:mod:`data_access.stage_records`, the stages workbook and its form all ask
:func:`move_kind`.
"""

from __future__ import annotations

from oversight import catalogue

PATH = tuple(stage["code"] for stage in sorted(catalogue.load("reference")["stages"], key=lambda s: s["seq"]))
"""The steps in order, as the declared catalogue numbers them (``stage.seq``)."""

RENEWED = ("re_evaluation", "named")
"""The one step back that is the path itself: re-evaluated, then named again."""

REVIEW_STAGES = {"county": "county_reviewed", "city": "city_reviewed"}
"""The step an agreed review moves a unit to: 初审 by the county office, 审核 by the city's."""

REVIEW_NAMES = {"county": "县级初审", "city": "市级审核"}
"""The reviews as the application form and the stages workbook call them."""

REVIEW_LEVELS = tuple(REVIEW_STAGES)
REVIEW_DECISIONS = ("agree", "return")
"""A review agrees (the application goes on) or returns the application to the unit."""

MOVE_KINDS = ("next", "same", "skip", "reverse")


def move_kind(current: str, target: str) -> str:
    """How a move from ``current`` to ``target`` relates to the path: the ``next`` step,
    the ``same`` step again, a ``skip`` over steps, or a ``reverse`` to an earlier one."""
    if (current, target) == RENEWED:
        return "next"
    step = PATH.index(target) - PATH.index(current)
    if step == 1:
        return "next"
    if step == 0:
        return "same"
    return "skip" if step > 1 else "reverse"


def needs_reason(current: str, target: str) -> bool:
    """Whether the move leaves the path (skips or goes back) and so must say why."""
    return move_kind(current, target) in ("skip", "reverse")
