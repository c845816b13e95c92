"""The rules of the sample's story (docs/sample.md), read back from a loaded database.

The pass line of the A/B/C scheme, worked by hand from oversight/catalogue/schemes.json:
45 items of 1 point each, pass mark 36 points, so 36 / 45 = 80% of the points.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import Programme, ProgrammeUnit, Report, ReportSummary, Title

PASS_LINE = 80.0


def _graded(engine: Engine) -> pd.DataFrame:
    """Every graded first submission and correction: unit, month, submitted, score."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Report.unit_id, Report.month, Report.submitted_at, ReportSummary.score)
            .join(ReportSummary, ReportSummary.report_id == Report.id)
            .where(ReportSummary.graded)
        ).all()
    return pd.DataFrame(rows, columns=["unit", "month", "submitted_at", "score"]).sort_values("submitted_at")


def _score_on(graded: pd.DataFrame, unit: int, day: dt.date) -> float | None:
    """The unit's self-assessment as it stood on ``day``: its latest graded report submitted
    by the end of that day."""
    seen = graded[(graded.unit == unit) & (graded.submitted_at <= dt.datetime.combine(day, dt.time.max))]
    return None if seen.empty else float(seen.score.iloc[-1])


def titles(engine: Engine) -> list[tuple[int, dt.date, dt.date | None]]:
    with engine.connect() as connection:
        return connection.execute(select(Title.unit_id, Title.named_on, Title.revoked_on)).all()


def namings_below_the_pass_line(engine: Engine) -> list[tuple[int, dt.date, float | None]]:
    """Titles named while the unit's self-assessment (as submitted by then, or of the month
    it was named in) was under the pass line, or before it had any."""
    graded = _graded(engine)
    bad = []
    for unit, named_on, _ in titles(engine):
        score = _score_on(graded, unit, named_on)
        same_month = graded[(graded.unit == unit) & (graded.month == named_on.replace(day=1))]
        if score is None or score < PASS_LINE or (same_month.score < PASS_LINE).any():
            bad.append((unit, named_on, score))
    return bad


def revocations_without_a_decline(engine: Engine) -> list[tuple[int, dt.date]]:
    """Revoked titles whose unit's self-assessment before the revocation had not fallen
    under the pass line and under what it was when named."""
    graded = _graded(engine)
    bad = []
    for unit, named_on, revoked_on in titles(engine):
        if revoked_on is None:
            continue
        at_naming, before = _score_on(graded, unit, named_on), _score_on(graded, unit, revoked_on)
        if before is None or at_naming is None or not before < min(PASS_LINE, at_naming):
            bad.append((unit, revoked_on))
    return bad


def revocations(engine: Engine) -> int:
    return sum(revoked is not None for *_, revoked in titles(engine))


def scores_at_the_end(engine: Engine) -> dict[str, list[float]]:
    """Per programme, each enrolled unit's self-assessment in the programme's last month
    (its latest graded report up to then); units that never launched have none."""
    with engine.connect() as connection:
        enrolled = connection.execute(
            select(Programme.code, Programme.end_date, ProgrammeUnit.unit_id).join(
                ProgrammeUnit, ProgrammeUnit.programme_id == Programme.id
            )
        ).all()
        rows = connection.execute(
            select(ReportSummary.unit_id, ReportSummary.month, ReportSummary.score).where(
                ReportSummary.graded
            )
        ).all()
    summary = pd.DataFrame(rows, columns=["unit", "month", "score"]).sort_values("month")
    scores: dict[str, list[float]] = {}
    for code, end, unit in enrolled:
        own = summary[(summary.unit == unit) & (summary.month <= end)]
        if not own.empty:
            scores.setdefault(code, []).append(round(float(own.score.iloc[-1]), 6))
    return scores


def spread_faults(scores: list[float], weak_below: float | None = 60.0) -> list[str]:
    """What is wrong with a programme's end scores: a third or more at full marks, none
    weak (under ``weak_below``), or no unit between weak and excellent."""
    faults = []
    if 3 * sum(score == 100 for score in scores) >= len(scores):
        faults.append("a third or more at 100")
    if weak_below is not None and min(scores) >= weak_below:
        faults.append(f"none under {weak_below}")
    if not any((weak_below or 0) <= score < 100 for score in scores):
        faults.append("none in between")
    return faults
