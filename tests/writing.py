"""Reports written by the fixtures as the command line writes them: in the name each
report carries (``Scope.command_line``), so a fixture's 报送人 is the one it gives."""

from __future__ import annotations

from sqlalchemy import Engine

from data_access import submissions
from data_access.submissions import MonthlyReport
from oversight.access import Scope


def submit_report(engine: Engine, report: MonthlyReport) -> int:
    return submissions.submit_report(engine, report, Scope.command_line(report.submitted_by))


def correct_report(engine: Engine, report: MonthlyReport, reason: str) -> int:
    return submissions.correct_report(engine, report, reason, Scope.command_line(report.submitted_by))
