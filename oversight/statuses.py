"""The statuses of a target, declared once: their order and their message keys.

Every table, chart, legend and headline reads this tuple; their colours live with the
palette in ``oversight/palette.py`` (keyed by the same codes).  ``due`` says whether the
verdict is final (met, or missed once the due date has come) or a forecast of a target
not yet due; the overview's headline keeps the two apart, so "not met" never stands for
both "missed" and "still has time".  The rules are written down in ``docs/forecast.md``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TargetStatus:
    code: str
    final: bool
    """Final verdicts (met, missed) no longer change; the others are forecasts."""

    @property
    def key(self) -> str:
        """Its message key (``status.<code>``) in ``oversight/messages/common.py``."""
        return f"status.{self.code}"


STATUSES = (
    TargetStatus("met", final=True),
    TargetStatus("on_track", final=False),
    TargetStatus("not_started", final=False),
    TargetStatus("at_risk", final=False),
    TargetStatus("missed", final=True),
)
"""In the order legends and headlines list them: done, going well, not begun, in doubt, failed."""

STATUS_CODES = tuple(status.code for status in STATUSES)
