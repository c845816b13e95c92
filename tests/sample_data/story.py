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


def path_faults(engine: Engine) -> list[str]:
    """Where the units' recorded paths, reviews and titles disagree, as sentences (empty
    when they agree).  The rules are those of ``data_access/stage_records.py``, which the
    stage forms and workbook write through:

    - each unit's moves in a programme follow ``oversight/stage_path.py`` (the next step),
      or carry a reason in their note (a skip or a step back);
    - every move to 县级初审 / 市级审核 is the move of one agreeing review (初审 by the
      unit's county, 审核 by its city) of the same day, recorded by the same office, with an
      opinion that agrees; a returned review moves nothing and follows the application;
    - every title belongs to a programme the unit moves through; the unit reaches 命名 on
      the naming day, by a move that day, unless it stood at 命名 already holding another
      title (a second title); a renewal (再命名) is a move from 复评 to 命名 on its day; a
      revocation that leaves no title sends the unit back that day;
    - on every day from its first move to the programme's end (or its last move, if later),
      a unit that stands at 命名 holds a valid title of the programme, and a unit holding
      one stands at 命名 or, while re-evaluated, at 复评.
    """
    from data_access.models import Region, StageEvent, StageReview
    from oversight.stage_path import REVIEW_STAGES, move_kind

    with engine.connect() as connection:
        ends = dict(connection.execute(select(Programme.id, Programme.end_date)).all())
        offices = {
            row.id: {"county": row.county_id, "city": row.city_id}
            for row in connection.execute(
                select(Region.id, Region.county_id, Region.city_id).where(Region.level == "unit")
            )
        }
        events = connection.execute(
            select(
                StageEvent.id,
                StageEvent.unit_id,
                StageEvent.programme_id,
                StageEvent.stage_code,
                StageEvent.entered_on,
                StageEvent.note,
                StageEvent.recorded_by,
            ).order_by(StageEvent.entered_on, StageEvent.id)
        ).all()
        reviews = connection.execute(select(*StageReview.__table__.c)).all()
        held = connection.execute(
            select(
                Title.id,
                Title.unit_id,
                Title.programme_id,
                Title.named_on,
                Title.valid_until,
                Title.revoked_on,
                Title.renews_id,
                Title.certificate_no,
            )
        ).all()
    faults: list[str] = []
    paths: dict[tuple[int, int], list] = {}
    for event in events:
        paths.setdefault((event.unit_id, event.programme_id), []).append(event)

    def stage_on(key, day):
        """The unit's step at the end of ``day``, and its step before that day."""
        before = [e for e in paths.get(key, []) if e.entered_on < day]
        through = [e for e in paths.get(key, []) if e.entered_on <= day]
        return (through[-1].stage_code if through else "not_started"), (
            before[-1].stage_code if before else "not_started"
        )

    def valid(title, day):
        return (
            title.named_on <= day
            and (title.valid_until is None or day <= title.valid_until)
            and (title.revoked_on is None or day < title.revoked_on)
        )

    def holds(key, day):
        return any((t.unit_id, t.programme_id) == key and valid(t, day) for t in held)

    for key, path in paths.items():
        current = "not_started"
        for event in path:
            if move_kind(current, event.stage_code) != "next" and not event.note.strip():
                faults.append(
                    f"unit {key[0]}: {current} → {event.stage_code} on {event.entered_on} without a reason"
                )
            current = event.stage_code
    by_event = {}
    for review in reviews:
        if review.office_region_id != offices[review.unit_id][review.level]:
            faults.append(f"unit {review.unit_id}: {review.level} review by the wrong office")
        if review.decision == "agree":
            by_event.setdefault(review.stage_event_id, []).append(review)
            if "同意" not in review.opinion:
                faults.append(
                    f"unit {review.unit_id}: agreeing review {review.reviewed_on} without an agreeing opinion"
                )
        elif stage_on((review.unit_id, review.programme_id), review.reviewed_on)[0] != "applied":
            faults.append(
                f"unit {review.unit_id}: returned review {review.reviewed_on} without an application"
            )
    for event in events:
        if event.stage_code not in REVIEW_STAGES.values():
            continue
        found = by_event.pop(event.id, [])
        if [
            (r.unit_id, r.programme_id, REVIEW_STAGES[r.level], r.reviewed_on, r.recorded_by) for r in found
        ] != [(event.unit_id, event.programme_id, event.stage_code, event.entered_on, event.recorded_by)]:
            faults.append(
                f"unit {event.unit_id}: {event.stage_code} on {event.entered_on} without its review"
            )
    faults += [f"agreeing review of no move: {found}" for found in by_event.values()]
    for title in held:
        key = (title.unit_id, title.programme_id)
        moved = {(e.stage_code, e.entered_on) for e in paths.get(key, [])}
        now, before = stage_on(key, title.named_on)
        second = before == "named" and any(
            other.id != title.id
            and (other.unit_id, other.programme_id) == key
            and valid(other, title.named_on)
            for other in held
        )
        if (
            title.programme_id is None
            or now != "named"
            or (("named", title.named_on) not in moved and not second)
        ):
            faults.append(f"title {title.certificate_no}: no 命名 on {title.named_on}")
        if title.renews_id is not None and (before, ("named", title.named_on) in moved) != (
            "re_evaluation",
            True,
        ):
            faults.append(f"renewal {title.certificate_no}: no move from 复评 to 命名 on {title.named_on}")
    for key, path in paths.items():
        own = [t for t in held if (t.unit_id, t.programme_id) == key]
        days = {e.entered_on for e in path} | {ends[key[1]]}
        for t in own:
            days |= {t.named_on, t.revoked_on or t.named_on}
            if t.valid_until is not None:
                days.add(t.valid_until + dt.timedelta(days=1))
        last = max([ends[key[1]], path[-1].entered_on] + [t.revoked_on or t.named_on for t in own])
        for day in sorted(d for d in days if path[0].entered_on <= d <= last):
            stage, _ = stage_on(key, day)
            if (stage == "named") != holds(key, day) and not (stage == "re_evaluation" and holds(key, day)):
                title = "holds a title" if holds(key, day) else "holds no title"
                faults.append(f"unit {key[0]} on {day}: at {stage} but {title}")
    return faults
