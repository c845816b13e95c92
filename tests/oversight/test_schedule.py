"""Units against the programme's planned stages: milestones, verdicts, overdue units."""

import datetime as dt

import pandas as pd
import pytest

from oversight import catalogue
from oversight.schedule import judge_schedule, milestone_for, overdue_units

D = dt.date
SEQ = {stage["code"]: stage["seq"] for stage in catalogue.load("reference")["stages"]}


@pytest.mark.parametrize(
    ("name", "milestone"),
    [
        # Dawukou 2011
        ("启动阶段", "launched"),
        ("推进实施阶段", "implementing"),
        ("自查、申报和验收阶段", "applied"),
        ("全面推进阶段", "launched"),
        # Shijiazhuang 2008
        ("实施阶段", "implementing"),
        ("评估阶段", "self_assessed"),
        ("提高阶段", None),
        ("全面创建阶段", "launched"),
        # Suining 2015
        ("备案", "launched"),
        ("找差距、添措施", "implementing"),
        ("自评申报", "applied"),
        ("省级评定命名", "named"),
        # the synthetic province
        ("评定命名阶段", "named"),
        ("巩固提高阶段", None),
        # others
        ("验收阶段", "onsite_evaluated"),
        ("宣传发动", None),
    ],
)
def test_milestone_of_every_seed_stage(name, milestone):
    assert milestone_for(name) == milestone


# Two planned stages of programme 1 and one unit-free stage; units 11 (pilot, enrolled at
# the start), 12 (enrolled at the start) and 13 (joined 05-15, after stage 1 began).
PLANNED = pd.DataFrame(
    {
        "programme_id": [1, 1, 1],
        "seq": [1, 2, 3],
        "name_zh": ["启动阶段", "推进实施阶段", "提高阶段"],
        "name_en": ["Launch", "Implementation", "Consolidation"],
        "planned_start": [D(2011, 5, 1), D(2011, 6, 1), D(2011, 11, 1)],
        "planned_end": [D(2011, 5, 31), D(2011, 10, 30), D(2011, 12, 31)],
    }
)
ENROLMENTS = pd.DataFrame(
    {
        "programme_id": [1, 1, 1],
        "unit_id": [11, 12, 13],
        "enrolled_on": [D(2011, 5, 1), D(2011, 5, 1), D(2011, 5, 15)],
    }
)
EVENTS = pd.DataFrame(
    {
        "programme_id": [1, 1, 1, 1],
        "unit_id": [11, 11, 12, 13],
        "stage_code": ["launched", "self_assessed", "launched", "launched"],
        "entered_on": [D(2011, 5, 10), D(2011, 9, 1), D(2011, 6, 20), D(2011, 12, 1)],
    }
)


def _verdicts(judged):
    return {
        (u, s): (v, d)
        for u, s, v, d in zip(
            judged["unit_id"], judged["stage_seq"], judged["verdict"], judged["days_late"], strict=True
        )
    }


def test_verdicts_while_the_implementation_stage_runs():
    judged = judge_schedule(PLANNED, ENROLMENTS, EVENTS, SEQ, D(2011, 7, 31))
    assert _verdicts(judged) == {
        (11, 1): ("on_time", 0),  # launched 05-10, due by 05-31
        (12, 1): ("late", 20),  # launched 06-20: 20 days after 05-31
        (11, 2): ("pending", 0),  # not yet implementing, but until 10-30 to get there
        (12, 2): ("pending", 0),
        (13, 2): ("pending", 0),  # unit 13 joined after stage 1 began: not held to it
    }


def test_a_later_step_counts_as_reaching_the_milestone():
    judged = judge_schedule(PLANNED, ENROLMENTS, EVENTS, SEQ, D(2011, 9, 30))
    row = judged[(judged["unit_id"] == 11) & (judged["stage_seq"] == 2)].iloc[0]
    assert (row["verdict"], row["reached_on"]) == ("on_time", D(2011, 9, 1))  # self-assessed skips ahead


def test_overdue_once_the_planned_end_has_passed():
    judged = judge_schedule(PLANNED, ENROLMENTS, EVENTS, SEQ, D(2011, 11, 30))
    verdicts = _verdicts(judged)
    assert verdicts[(12, 2)] == ("overdue", 31)  # 10-30 → 11-30
    assert verdicts[(13, 2)] == ("overdue", 31)
    assert verdicts[(11, 2)] == ("on_time", 0)
    assert 3 not in set(judged["stage_seq"])  # consolidation asks nothing of a unit


def test_events_after_as_of_are_not_seen():
    judged = judge_schedule(PLANNED, ENROLMENTS, EVENTS, SEQ, D(2011, 5, 30))
    assert _verdicts(judged)[(12, 1)] == ("pending", 0)  # the 06-20 launch has not happened yet
    judged = judge_schedule(PLANNED, ENROLMENTS, EVENTS, SEQ, D(2011, 6, 1))
    assert _verdicts(judged)[(12, 1)] == ("overdue", 1)


def test_overdue_at_the_end_of_the_stages_last_day():
    # Viewing May 2011 (as of 05-31, the launch stage's planned end): unit 12 has not
    # launched by the end of that day, so it is overdue, 0 days past the end; unit 11
    # launched 05-10, on time.  Like 星海镇 in the sample, never started when its
    # programme's last stage ended on the last day of the month viewed.
    verdicts = _verdicts(judge_schedule(PLANNED, ENROLMENTS, EVENTS, SEQ, D(2011, 5, 31)))
    assert verdicts[(12, 1)] == ("overdue", 0)
    assert verdicts[(11, 1)] == ("on_time", 0)
    never = EVENTS[EVENTS["unit_id"] != 12]
    overdue = overdue_units(judge_schedule(PLANNED, ENROLMENTS, never, SEQ, D(2011, 5, 31)), SEQ)
    assert overdue[["unit_id", "expected", "overdue_since", "days_overdue"]].values.tolist() == [
        [12, "launched", D(2011, 5, 31), 0]
    ]


def test_overdue_units_name_the_furthest_expected_step_and_the_first_missed_end():
    planned = pd.concat(
        [
            PLANNED,
            pd.DataFrame(
                {
                    "programme_id": [1],
                    "seq": [4],
                    "name_zh": ["自评申报阶段"],
                    "name_en": ["Application"],
                    "planned_start": [D(2011, 5, 1)],
                    "planned_end": [D(2011, 11, 15)],
                }
            ),
        ],
        ignore_index=True,
    )
    events = EVENTS[EVENTS["unit_id"] != 12]  # unit 12 never launched
    judged = judge_schedule(planned, ENROLMENTS, events, SEQ, D(2011, 11, 30))
    overdue = overdue_units(judged, SEQ)
    assert overdue.to_dict("records") == [
        # launch due 05-31, implementation 10-30, application 11-15: 183 days since 05-31
        {
            "programme_id": 1,
            "unit_id": 12,
            "expected": "applied",
            "overdue_since": D(2011, 5, 31),
            "days_overdue": 183,
            "stages_overdue": 3,
        },
        # joined 05-15, so held to the implementation stage (due 10-30) but not to the
        # launch or application stages, which began before it joined
        {
            "programme_id": 1,
            "unit_id": 13,
            "expected": "implementing",
            "overdue_since": D(2011, 10, 30),
            "days_overdue": 31,
            "stages_overdue": 1,
        },
        # self-assessed on 09-01 but the application, due 11-15, has not come
        {
            "programme_id": 1,
            "unit_id": 11,
            "expected": "applied",
            "overdue_since": D(2011, 11, 15),
            "days_overdue": 15,
            "stages_overdue": 1,
        },
    ]


def test_nothing_to_judge():
    empty_plan = PLANNED.iloc[:0]
    judged = judge_schedule(empty_plan, ENROLMENTS, EVENTS, SEQ, D(2011, 11, 30))
    assert judged.empty
    assert overdue_units(judged, SEQ).empty
    assert list(overdue_units(judged, SEQ).columns) == [
        "programme_id",
        "unit_id",
        "expected",
        "overdue_since",
        "days_overdue",
        "stages_overdue",
    ]


def test_stages_of_another_programme_do_not_apply():
    other = ENROLMENTS.assign(programme_id=2)
    assert judge_schedule(PLANNED, other, EVENTS, SEQ, D(2011, 11, 30)).empty
