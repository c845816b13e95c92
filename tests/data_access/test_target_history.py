"""The history behind the forecast, on the hand-written programme; expected events are the
ones its docstring lists (tests/fixture_programme.py)."""

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from data_access.attainment import target_progress
from data_access.models import Region, Target, Title
from data_access.regions import find_region
from data_access.target_history import target_history
from oversight.attainment import assess_targets
from oversight.forecast import STATUSES, forecast_targets

D = dt.date


class Codes:
    """The fixture's codes for database ids: ``region[id]``, ``target[id]``."""

    def __init__(self, engine) -> None:
        with engine.connect() as connection:
            self.region = dict(connection.execute(select(Region.id, Region.code)).all())
            self.target = dict(connection.execute(select(Target.id, Target.code)).all())


@pytest.fixture
def codes(programme_engine) -> Codes:
    return Codes(programme_engine)


def _events(history, codes) -> dict[tuple[str, str], list[tuple]]:
    """(target, region) → sorted (unit code or None, date, amount)."""
    found: dict[tuple[str, str], list[tuple]] = {}
    for r in history.events.itertuples():
        unit = None if pd.isna(r.unit_id) else codes.region[int(r.unit_id)]
        found.setdefault((codes.target[r.target_id], codes.region[r.region_id]), []).append(
            (unit, r.on, r.amount)
        )
    return {key: sorted(value, key=lambda e: (e[1], e[0] or "")) for key, value in found.items()}


def _untitled(history, codes) -> dict[tuple[str, str], set[tuple]]:
    """(target, region) → {(unit code, stage seq, entered on)}."""
    found: dict[tuple[str, str], set[tuple]] = {}
    for r in history.untitled.itertuples():
        found.setdefault((codes.target[r.target_id], codes.region[r.region_id]), set()).add(
            (codes.region[r.unit_id], r.stage_seq, r.entered_on)
        )
    return found


def _moves(history, codes) -> set[tuple]:
    return {
        (codes.region[r.unit_id], r.from_seq, r.to_seq, r.entered_on, r.left_on)
        for r in history.transitions.itertuples()
    }


def test_titles_launches_and_payments_count_toward_their_rows(programme_engine, codes):
    events = _events(target_history(programme_engine, D(2020, 12, 31)), codes)
    d1_titles = [("U15", D(2020, 5, 1), 1.0)] + [
        (u, D(2020, 9, 1), 1.0) for u in ("U11", "U12", "U13", "U14")
    ]
    # U15's title was revoked later, but it was named: a naming is an event of the pace.
    assert events[("T1", "D1")] == d1_titles
    # U22's title of 2015 is a naming in D2; the forecast leaves it out of the pace, not this.
    assert events[("T2", "D2")] == [("U22", D(2015, 1, 1), 1.0)]
    assert events[("T2", "D1")] == d1_titles
    assert events[("T2", "C")] == [("U22", D(2015, 1, 1), 1.0), *d1_titles]
    assert events[("T5", "C")] == events[("T2", "C")]
    assert events[("T4", "D1")] == [("U11", D(2020, 2, 1), 1.0), ("U12", D(2020, 2, 10), 1.0)]
    assert events[("T4", "D2")] == [("U21", D(2020, 4, 15), 1.0)]
    assert len(events[("T4", "C")]) == 3
    # The 15,000 paid on 2021-01-15 is after as-of.
    assert events[("T3", "C")] == [(None, D(2020, 3, 1), 60000.0), (None, D(2020, 6, 1), 25000.0)]
    assert set(events) == {
        ("T1", "D1"),
        ("T2", "C"),
        ("T2", "D1"),
        ("T2", "D2"),
        ("T3", "C"),
        ("T4", "C"),
    } | {
        ("T4", "D1"),
        ("T4", "D2"),
        ("T5", "C"),
    }


def test_a_later_as_of_sees_the_later_payment(programme_engine, codes):
    events = _events(target_history(programme_engine, D(2021, 6, 30)), codes)
    assert [amount for _, _, amount in events[("T3", "C")]] == [60000.0, 25000.0, 15000.0]


def test_events_after_as_of_are_not_seen(programme_engine, codes):
    events = _events(target_history(programme_engine, D(2020, 3, 31)), codes)
    assert events[("T4", "D1")] == [("U11", D(2020, 2, 1), 1.0), ("U12", D(2020, 2, 10), 1.0)]
    assert ("T4", "D2") not in events  # U21 launched on 2020-04-15
    assert ("T1", "D1") not in events  # the first title came on 2020-05-01
    assert events[("T3", "C")] == [(None, D(2020, 3, 1), 60000.0)]


def test_untitled_units_and_where_they_stand_mid_year(programme_engine, codes):
    untitled = _untitled(target_history(programme_engine, D(2020, 6, 30)), codes)
    # On 2020-06-30 only U15 holds a title; not started means since enrolment, 2020-01-01.
    d1 = {
        ("U11", 2, D(2020, 3, 1)),
        ("U12", 1, D(2020, 2, 10)),
        ("U13", 0, D(2020, 1, 1)),
        ("U14", 0, D(2020, 1, 1)),
    }
    d2 = {("U21", 1, D(2020, 4, 15)), ("U22", 0, D(2020, 1, 1))}
    assert untitled[("T1", "D1")] == d1
    assert untitled[("T2", "D1")] == d1
    assert untitled[("T2", "D2")] == d2
    assert untitled[("T5", "C")] == d1 | d2
    # T2's city row is judged from its districts; T3 and T4 are not title targets.
    assert set(untitled) == {("T1", "D1"), ("T2", "D1"), ("T2", "D2"), ("T5", "C")}


def test_only_targets_not_yet_due_have_untitled_units(programme_engine, codes):
    untitled = _untitled(target_history(programme_engine, D(2020, 12, 31)), codes)
    # U15 revoked on 2020-10-01, U22 expired 2019-12-31; U21 launched 2020-04-15.
    assert untitled == {
        ("T5", "C"): {("U15", 0, D(2020, 1, 1)), ("U21", 1, D(2020, 4, 15)), ("U22", 0, D(2020, 1, 1))}
    }


def test_stage_moves_observed_up_to_as_of(programme_engine, codes):
    history = target_history(programme_engine, D(2020, 6, 30))
    assert _moves(history, codes) == {
        ("U11", 0, 1, D(2020, 1, 1), D(2020, 2, 1)),
        ("U11", 1, 2, D(2020, 2, 1), D(2020, 3, 1)),
        ("U12", 0, 1, D(2020, 1, 1), D(2020, 2, 10)),
        ("U21", 0, 1, D(2020, 1, 1), D(2020, 4, 15)),
    }
    assert all(type(day) is dt.date for day in history.transitions["left_on"])
    row = history.transitions.iloc[0]
    assert (codes.region[row.city_id], codes.region[row.province_id]) == ("C", "P")
    earlier = target_history(programme_engine, D(2020, 3, 15))
    assert ("U21", 0, 1, D(2020, 1, 1), D(2020, 4, 15)) not in _moves(earlier, codes)
    assert len(_moves(earlier, codes)) == 3


def test_targets_carry_programme_start_and_scope(programme_engine, codes):
    history = target_history(programme_engine, D(2020, 6, 30))
    targets = {
        codes.target[r.target_id]: (codes.region[r.scope_region_id], r.programme_start)
        for r in history.targets.itertuples()
    }
    assert targets == {
        "T1": ("D1", D(2020, 1, 1)),
        **{code: ("C", D(2020, 1, 1)) for code in ("T2", "T3", "T4", "T5")},
    }
    assert history.stage_seqs["named"] == 8 and history.stage_seqs["not_started"] == 0


def test_region_filter_keeps_the_rows_of_target_progress(programme_engine, codes):
    district = find_region(programme_engine, "乙区")
    as_of = D(2020, 6, 30)
    history = target_history(programme_engine, as_of, district)
    progress = target_progress(programme_engine, as_of, district)
    rows = {
        (codes.target[t], codes.region[r])
        for t, r in zip(progress["target_id"], progress["region_id"], strict=True)
    }
    assert rows == {("T2", "D2"), ("T4", "D2")}
    assert set(_events(history, codes)) == rows
    assert _untitled(history, codes) == {
        ("T2", "D2"): {("U21", 1, D(2020, 4, 15)), ("U22", 0, D(2020, 1, 1))}
    }


def test_a_renewal_is_not_a_new_naming(programme_engine, codes):
    with programme_engine.begin() as connection:
        old = (
            connection.execute(select(Title.__table__).where(Title.certificate_no == "N-U11"))
            .mappings()
            .one()
        )
        renewal = {k: v for k, v in old.items() if k != "id"} | {
            "named_on": D(2020, 11, 1),
            "certificate_no": "N-U11-R",
            "renews_id": old["id"],
        }
        connection.execute(Title.__table__.insert().values(**renewal))
    events = _events(target_history(programme_engine, D(2020, 12, 31)), codes)
    assert [e for e in events[("T1", "D1")] if e[0] == "U11"] == [("U11", D(2020, 9, 1), 1.0)]


def test_the_fixture_forecast_mid_year(programme_engine, codes):
    as_of = D(2020, 6, 30)
    assessed = assess_targets(target_progress(programme_engine, as_of))
    frame = forecast_targets(assessed, target_history(programme_engine, as_of), as_of)
    rows = {(codes.target[r.target_id], codes.region[r.region_id]): r for r in frame.itertuples()}
    assert set(frame["status"]) <= set(STATUSES) and len(frame) == len(assessed)
    # T3: 85,000 paid in the 181 days since 2020-01-01; 15,000 more at that pace take
    # 15,000 × 181 / 85,000 = 31.9 → 32 days: 2020-08-01, before the due date.
    assert (rows[("T3", "C")].status, rows[("T3", "C")].projected_date) == ("on_track", D(2020, 8, 1))
    # Needed: 15,000 over the 184 days left, × 30.4375 / 184 = 2,481.3 a month; pace
    # 85,000 × 30.4375 / 181 = 14,293.85 a month (the figures of docs/forecast.md).
    assert rows[("T3", "C")].needed_per_month == pytest.approx(2481.32, abs=0.01)
    assert rows[("T3", "C")].pace_per_month == pytest.approx(14293.85, abs=0.01)
    # T4 was due on 2020-03-31: D1 met it, D2 missed it.
    assert (rows[("T4", "D1")].status, rows[("T4", "D2")].status, rows[("T4", "C")].status) == (
        "met",
        "missed",
        "missed",
    )
    # T1 needs 3 more of U11..U14.  Usual days per stage: 未启动 40 (too few moves in D1, so the
    # programme's 31, 40, 105), 启动 the plan's month (one move only), the later stages the
    # plan's 5 + 0.5 × 4 + 1 = 8 months = 243.5 days.  U11 (实施 since 03-01) needs
    # 152.19 - 121 + 91.31 = 122.5 days, U12 243.5, U13 and U14 (未启动 181 days, under
    # the 182.6-day stall line) 30.44 + 243.5 = 273.94: the third is 274 days → 2021-03-31.
    t1 = rows[("T1", "D1")]
    assert (t1.status, t1.projected_date, t1.stalled_units) == ("at_risk", D(2021, 3, 31), 0)
