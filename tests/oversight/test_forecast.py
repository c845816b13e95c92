"""The forecast on hand-made histories; every expected figure is worked out in the comments.

A month is 365.25 / 12 = 30.4375 days.  The programme starts on 2020-01-01; as-of is
2020-07-01, 182 days later; the due date 2020-12-31 is 183 days after as-of.
"""

import datetime as dt

import pandas as pd
import pytest

from data_access.target_history import (
    EVENT_COLUMNS,
    TARGET_COLUMNS,
    TRANSITION_COLUMNS,
    UNTITLED_COLUMNS,
)
from oversight import catalogue
from oversight.attainment import assess_targets
from oversight.forecast import DAYS_PER_MONTH, forecast_targets, stage_medians
from oversight.target_history import TargetHistory

D = dt.date
START, AS_OF, DUE = D(2020, 1, 1), D(2020, 7, 1), D(2020, 12, 31)
PROGRAMME, PROVINCE, CITY, COUNTY, OTHER_COUNTY = 7, 1, 2, 10, 20
# 未启动 0, 备案启动 1, 推进实施 2, 自评 3, 申报 4, 县级初审 5, 市级审核 6, 现场评定 7, 命名 8, 复评 9
STAGES = {stage["code"]: stage["seq"] for stage in catalogue.load("reference")["stages"]}


def _progress(
    target_id: int = 1,
    shape: str = "count",
    threshold: float = 5,
    achieved: float = 3,
    due: dt.date = DUE,
    region_id: int = COUNTY,
    role: str = "scope",
    units: int | None = None,
    as_of: dt.date = AS_OF,
) -> dict:
    """A row as ``target_progress`` returns it."""
    return {
        "target_id": target_id,
        "programme_code": "P",
        "target_code": f"T{target_id}",
        "shape": shape,
        "due_date": due,
        "threshold": threshold,
        "judged_on": min(as_of, due),
        "role": role,
        "region_id": region_id,
        "region_code": str(region_id),
        "units": units,
        "achieved": float(achieved),
        "allocated": None,
    }


def _forecast(rows: list[dict], history: TargetHistory, as_of: dt.date = AS_OF) -> dict[int, pd.Series]:
    """Region id → forecast row."""
    frame = forecast_targets(assess_targets(pd.DataFrame(rows)), history, as_of)
    return {row["region_id"]: row for _, row in frame.iterrows()}


def _history(
    events=(), untitled=(), transitions=(), targets=((1, COUNTY),), start: dt.date = START
) -> TargetHistory:
    return TargetHistory(
        targets=pd.DataFrame([(t, PROGRAMME, scope, start) for t, scope in targets], columns=TARGET_COLUMNS),
        events=pd.DataFrame(list(events), columns=EVENT_COLUMNS),
        untitled=pd.DataFrame(list(untitled), columns=UNTITLED_COLUMNS),
        transitions=pd.DataFrame(list(transitions), columns=TRANSITION_COLUMNS),
        stage_seqs=STAGES,
    )


def _move(unit_id, from_seq, entered_on, days, county=COUNTY, to_seq=None, programme=PROGRAMME) -> tuple:
    left_on = entered_on + dt.timedelta(days=days)
    return (programme, unit_id, PROVINCE, CITY, county, from_seq, to_seq or from_seq + 1, entered_on, left_on)


def _walk(unit_id: int, days_per_stage: int) -> list[tuple]:
    """A unit enrolled on the start date that spent ``days_per_stage`` in every stage up to 命名."""
    moves, day = [], START
    for seq in range(8):
        moves.append(_move(unit_id, seq, day, days_per_stage))
        day += dt.timedelta(days=days_per_stage)
    return moves


# Three units of the county went through all eight stages at 20 days each, so they were
# named on 2020-01-01 + 160 days = 2020-06-09: the usual time of every stage is 20 days.
WALKERS = [move for unit in (101, 102, 103) for move in _walk(unit, 20)]
TITLES = [(1, COUNTY, unit, D(2020, 6, 9), 1.0) for unit in (101, 102, 103)]


A_ENTERED, B_ENTERED = D(2020, 6, 21), D(2020, 6, 26)


def _steady(a_entered: dt.date = A_ENTERED, b_entered: dt.date = B_ENTERED) -> TargetHistory:
    """Five units needed, three named; A in 市级审核 (6), B in 自评 (3), C never launched."""
    untitled = [
        (1, COUNTY, 201, 6, a_entered),
        (1, COUNTY, 202, 3, b_entered),
        (1, COUNTY, 203, 0, D(2019, 12, 1)),
    ]
    return _history(TITLES, untitled, WALKERS)


def test_steady_pace_is_on_track_with_the_second_soonest_unit():
    row = _forecast([_progress()], _steady())[COUNTY]
    # A entered 市级审核 10 days ago: 20 - 10 = 10 days left, then 现场评定 20 → 30 days.
    # B entered 自评 5 days ago: 15 left, then 申报, 县级初审, 市级审核, 现场评定 at 20 → 95 days.
    # C has waited 213 days since enrolment, more than max(3 × 20, 182.6): stalled.
    # Gap 5 - 3 = 2: the second soonest is B, 2020-07-01 + 95 days = 2020-10-04.
    assert row["status"] == "on_track"
    assert row["projected_date"] == D(2020, 10, 4)
    assert row["stalled_units"] == 1
    # Needed: 2 units over 183 days = 2 × 30.4375 / 183 = 0.33265 a month.
    assert row["needed_per_month"] == pytest.approx(0.33265, abs=1e-5)
    # Pace: 3 titles in 182 days = 3 × 30.4375 / 182 = 0.50172 a month.
    assert row["pace_per_month"] == pytest.approx(0.50172, abs=1e-5)


def test_a_projection_after_the_due_date_is_at_risk_and_still_dated():
    row = _forecast([_progress(due=D(2020, 9, 30))], _steady())[COUNTY]
    assert (row["status"], row["projected_date"]) == ("at_risk", D(2020, 10, 4))


def test_stalled_units_leave_too_few_moving_so_at_risk_without_a_date():
    # A has sat in 市级审核 since 2019-12-01 (213 days), B in 自评 since 2019-11-01 (243 days).
    history = _steady(a_entered=D(2019, 12, 1), b_entered=D(2019, 11, 1))
    row = _forecast([_progress()], history)[COUNTY]
    assert (row["status"], row["projected_date"], row["stalled_units"]) == ("at_risk", None, 3)


def test_a_unit_past_naming_without_the_title_counts_as_stalled():
    untitled = [(1, COUNTY, 201, 6, D(2020, 6, 21)), (1, COUNTY, 204, STAGES["re_evaluation"], D(2020, 6, 1))]
    row = _forecast([_progress(achieved=4)], _history(TITLES, untitled, WALKERS))[COUNTY]
    # Gap 1: A, 30 days → 2020-07-31; the unit in 复评 without the title is stalled.
    assert (row["status"], row["projected_date"], row["stalled_units"]) == ("on_track", D(2020, 7, 31), 1)


def test_no_movement_at_all_is_at_risk():
    # Nothing named since the start, and both units still 未启动, though enrolled only a month ago.
    untitled = [(1, COUNTY, 201, 0, D(2020, 6, 1)), (1, COUNTY, 202, 0, D(2020, 6, 1))]
    history = _history(untitled=untitled, transitions=WALKERS)
    row = _forecast([_progress(threshold=1, achieved=0)], history)[COUNTY]
    assert (row["status"], row["projected_date"], row["stalled_units"]) == ("at_risk", None, 0)
    assert row["pace_per_month"] == 0.0


def test_no_history_at_all_is_at_risk():
    row = _forecast([_progress(threshold=2, achieved=0)], _history())[COUNTY]
    assert (row["status"], row["projected_date"]) == ("at_risk", None)


def test_already_met():
    row = _forecast([_progress(threshold=3, achieved=3)], _steady())[COUNTY]
    assert (row["status"], row["projected_date"], row["needed_per_month"]) == ("met", None, None)


def test_a_target_requiring_nothing_is_met():
    # 80% of a region without units: ⌈0.8 × 0⌉ = 0 required.
    row = _forecast([_progress(shape="share", threshold=80, achieved=0, units=0)], _history())[COUNTY]
    assert row["status"] == "met"


def test_due_date_passed_is_missed():
    as_of = D(2021, 1, 15)
    row = _forecast([_progress(as_of=as_of)], _steady(), as_of)[COUNTY]
    assert (row["status"], row["projected_date"], row["needed_per_month"]) == ("missed", None, None)
    # The pace stops at the due date: 3 titles over 365 days = 3 × 30.4375 / 365 = 0.25017.
    assert row["pace_per_month"] == pytest.approx(0.25017, abs=1e-5)


def test_before_the_programme_starts_a_target_is_not_started_rather_than_on_track():
    as_of = D(2019, 12, 1)
    row = _forecast([_progress(achieved=0, as_of=as_of)], _history(), as_of)[COUNTY]
    assert (row["status"], row["projected_date"], row["pace_per_month"]) == ("not_started", None, None)
    # 5 units over the 396 days to 2020-12-31: 5 × 30.4375 / 396 = 0.38431 a month,
    # over 396 / 30.4375 = 13.010 months.
    assert row["needed_per_month"] == pytest.approx(0.38431, abs=1e-5)
    assert row["months_left"] == pytest.approx(13.010, abs=1e-3)


PAYMENTS = [(1, CITY, None, D(2020, 3, 1), 60000.0), (1, CITY, None, D(2020, 6, 1), 25000.0)]


def test_budget_at_the_disbursement_pace():
    rows = [_progress(shape="budget", threshold=100000, achieved=85000, region_id=CITY)]
    row = _forecast(rows, _history(PAYMENTS, targets=((1, CITY),)))[CITY]
    # 85,000 paid in 182 days; the 15,000 left take 15,000 × 182 / 85,000 = 32.1 → 33 days.
    assert (row["status"], row["projected_date"]) == ("on_track", D(2020, 8, 3))
    # Pace 85,000 × 30.4375 / 182 = 14,215.32; needed 15,000 × 30.4375 / 183 = 2,494.88.
    assert row["pace_per_month"] == pytest.approx(14215.32, abs=0.01)
    assert row["needed_per_month"] == pytest.approx(2494.88, abs=0.01)


def test_budget_too_slow_or_unpaid_is_at_risk():
    slow = _forecast(
        [_progress(shape="budget", threshold=100000, achieved=85000, region_id=CITY, due=D(2020, 7, 31))],
        _history(PAYMENTS, targets=((1, CITY),)),
    )[CITY]
    assert (slow["status"], slow["projected_date"]) == ("at_risk", D(2020, 8, 3))
    unpaid = _forecast(
        [_progress(shape="budget", threshold=100000, achieved=0, region_id=CITY)],
        _history(targets=((1, CITY),)),
    )[CITY]
    assert (unpaid["status"], unpaid["projected_date"], unpaid["pace_per_month"]) == ("at_risk", None, 0.0)


def _pilots(county_launched: int, other_launched: int) -> list[dict]:
    """Each county at least 2 pilots launched by 2020-03-31, seen on 2020-02-01."""
    as_of, due = D(2020, 2, 1), D(2020, 3, 31)
    common = {"shape": "pilots", "threshold": 2, "due": due, "as_of": as_of}
    return [
        _progress(region_id=COUNTY, role="child", achieved=county_launched, **common),
        _progress(region_id=OTHER_COUNTY, role="child", achieved=other_launched, **common),
        _progress(region_id=CITY, role="scope", achieved=county_launched + other_launched, **common),
    ]


def test_pilots_at_the_launch_pace_and_the_city_from_its_counties():
    launches = [(1, COUNTY, 101, D(2020, 1, 16), 1.0), (1, CITY, 101, D(2020, 1, 16), 1.0)]
    rows = _forecast(_pilots(1, 0), _history(launches, targets=((1, CITY),)), D(2020, 2, 1))
    # The county launched 1 in 31 days; the one left takes 1 × 31 / 1 = 31 days → 2020-03-03.
    assert (rows[COUNTY]["status"], rows[COUNTY]["projected_date"]) == ("on_track", D(2020, 3, 3))
    # The other county launched none: no pace, at risk.
    assert (rows[OTHER_COUNTY]["status"], rows[OTHER_COUNTY]["projected_date"]) == ("at_risk", None)
    city = rows[CITY]
    assert (city["status"], city["projected_date"]) == ("at_risk", None)
    # 59 days are left: the county needs 1 more, the other 2, so the city 3 × 30.4375 / 59.
    assert city["needed_per_month"] == pytest.approx(1.54767, abs=1e-5)
    # The city's own pace: 1 launch in 31 days = 30.4375 / 31 = 0.98185 a month.
    assert city["pace_per_month"] == pytest.approx(0.98185, abs=1e-5)


def test_a_city_is_on_track_when_its_unmet_counties_are():
    launches = [(1, COUNTY, 101, D(2020, 1, 16), 1.0)]
    rows = _forecast(_pilots(1, 2), _history(launches, targets=((1, CITY),)), D(2020, 2, 1))
    assert rows[OTHER_COUNTY]["status"] == "met"
    # Only the unmet county counts toward the city's date and need.
    assert (rows[CITY]["status"], rows[CITY]["projected_date"]) == ("on_track", D(2020, 3, 3))
    assert rows[CITY]["needed_per_month"] == pytest.approx(0.51589, abs=1e-5)


def test_stage_medians_fall_back_from_scope_to_programme_to_the_plan():
    moves = [
        # 实施 (2) in the county: 100, 120 and 300 days → median 120.  Three moves are
        # enough: the other county's 400 and 500 days (programme median 300) are not used.
        _move(301, 2, START, 100),
        _move(302, 2, START, 120),
        _move(303, 2, START, 300),
        _move(308, 2, START, 400, county=OTHER_COUNTY),
        _move(309, 2, START, 500, county=OTHER_COUNTY),
        # 启动 (1): one move in the county (10 days), two in the other (40, 50): too few in
        # the scope, so the programme's median of 10, 40, 50 → 40.
        _move(304, 1, START, 10),
        _move(305, 1, START, 40, county=OTHER_COUNTY),
        _move(306, 1, START, 50, county=OTHER_COUNTY),
        # Not counted: moves back (实施 → 启动 after 5 days would make the county's 实施
        # median (100 + 120) / 2 = 110; 复评 → 实施), and another programme's moves.
        _move(310, 2, START, 5, to_seq=1),
        _move(307, 9, START, 5, to_seq=2),
        *(_move(400 + i, 3, START, 1, programme=8) for i in range(3)),
    ]
    medians = stage_medians(pd.DataFrame(moves, columns=TRANSITION_COLUMNS), PROGRAMME, COUNTY, STAGES)
    assert set(medians) == set(range(8))
    assert (medians[2], medians[1]) == (120.0, 40.0)
    # 自评 (3) was never left here: the plan's half month, 0.5 × 30.4375 = 15.22 days.
    assert medians[3] == pytest.approx(15.21875)
    assert medians[3] == 0.5 * DAYS_PER_MONTH
