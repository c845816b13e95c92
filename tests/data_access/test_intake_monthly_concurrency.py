"""Two clerks confirming uploads for the same unit and month at once, on both databases:
the second confirmation finds its preview stale and writes nothing; previewed again, it
becomes the next revision, so neither report is lost."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from data_access.intake_monthly import apply_monthly, plan_monthly
from data_access.units import unit_history
from oversight.access import Scope
from oversight.intake.plan import StalePlan
from tests.fixture_monthly import MARCH, NOW, U12_ROW, march_book, put, snapshot, upload


def _plan(engine, participation: int):
    book = march_book(engine)
    put(book["月报"], U12_ROW, {"居民参与率（%）": participation})
    return plan_monthly(engine, [upload(book)], Scope.command_line(f"参与率{participation}"), NOW)


def _at_once(engine, plans) -> list[object]:
    """Apply each plan in its own thread, released together; what each returned or raised."""
    barrier = threading.Barrier(len(plans))
    outcomes: list[object] = [None] * len(plans)

    def run(index, plan):
        barrier.wait()
        try:
            outcomes[index] = apply_monthly(engine, plan, Scope.command_line(f"录入员{index}"), "复核")
        except Exception as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, plan)) for i, plan in enumerate(plans)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def _march(engine):
    reports = unit_history(engine, "U12").reports
    return reports[reports["month"] == MARCH].sort_values("revision")


def test_a_stale_preview_is_refused_at_confirm(programme_engine):
    first, second = _plan(programme_engine, 70), _plan(programme_engine, 80)
    apply_monthly(programme_engine, first, Scope.command_line("甲"), "")
    written = snapshot(programme_engine)
    with pytest.raises(StalePlan, match="请重新预览后再确认"):
        apply_monthly(programme_engine, second, Scope.command_line("乙"), "")
    assert snapshot(programme_engine) == written
    assert _march(programme_engine)[["revision", "participation_rate"]].values.tolist() == [[1, 70.0]]


def test_two_new_reports_at_once_both_end_as_revisions(programme_engine):
    plans = [_plan(programme_engine, 70), _plan(programme_engine, 80)]
    outcomes = _at_once(programme_engine, plans)
    stale = [i for i, outcome in enumerate(outcomes) if isinstance(outcome, StalePlan)]
    assert len(stale) == 1, outcomes
    winner = 1 - stale[0]
    assert not isinstance(outcomes[winner], Exception)
    # the refused clerk previews again: now a correction of the report just written
    again = _plan(programme_engine, 80 if stale[0] == 1 else 70)
    assert [c.kind for c in again.changes] == ["correction"]
    apply_monthly(programme_engine, again, Scope.command_line("乙"), "两人同时报送，以后者为准")
    rates = [70.0, 80.0] if winner == 0 else [80.0, 70.0]
    march = _march(programme_engine)
    assert march[["revision", "participation_rate", "is_current"]].values.tolist() == [
        [1, rates[0], False],
        [2, rates[1], True],
    ]


def test_two_corrections_at_once_one_is_refused_none_half_written(programme_engine):
    apply_monthly(programme_engine, _plan(programme_engine, 60), Scope.command_line("甲"), "")
    plans = [_plan(programme_engine, 70), _plan(programme_engine, 80)]
    assert [p.changes[0].kind for p in plans] == ["correction", "correction"]
    outcomes = _at_once(programme_engine, plans)
    assert sorted(type(o).__name__ for o in outcomes) == ["ImportResult", "StalePlan"], outcomes
    march = _march(programme_engine)
    assert march["revision"].tolist() == [1, 2]
    assert march["is_current"].tolist() == [False, True]
    with programme_engine.connect() as connection:
        summaries = connection.execute(
            text(
                "SELECT s.revision FROM report_summary s JOIN region g ON g.id = s.unit_id"
                " WHERE g.code = 'U12' AND s.month = :month"
            ),
            {"month": MARCH},
        ).all()
    assert [tuple(row) for row in summaries] == [(2,)]


def test_a_report_written_by_another_path_in_the_last_instant_is_refused_as_stale(
    programme_engine, monkeypatch
):
    """A writer that does not queue on the data version (submit_report) can insert the
    unit's month after the fingerprint was read: the database's one-current-report index
    refuses the second, and the upload says stale rather than failing."""
    import dataclasses

    from data_access import intake_monthly
    from tests.writing import submit_report

    plan = _plan(programme_engine, 70)
    submit_report(programme_engine, dataclasses.replace(plan.payload.new[0], submitted_by="另一途径"))
    monkeypatch.setattr(intake_monthly, "_fingerprint_now", lambda _connection, _keys: plan.fingerprint)
    written = snapshot(programme_engine)
    with pytest.raises(StalePlan):
        apply_monthly(programme_engine, plan, Scope.command_line("甲"), "")
    assert snapshot(programme_engine) == written
