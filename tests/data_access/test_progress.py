"""Stages, current grades and reporting status on the hand-written programme."""

import datetime as dt

from data_access.progress import reporting_status
from data_access.regions import find_region
from data_access.scores import current_indicator_scores, current_item_scores
from data_access.stages import stage_counts
from oversight.periods import months_between


def test_stage_counts_per_district(programme_engine):
    city = find_region(programme_engine, "测试市")
    # A month before, 2020-02-29: U11 launched (02-01), U12 launched (02-10), the rest not started.
    frame = stage_counts(programme_engine, city, (dt.date(2020, 3, 31), dt.date(2020, 2, 29)))
    counts = {(r.day, r.county_code, r.stage_code): r.units for r in frame.itertuples()}
    assert counts == {
        (dt.date(2020, 3, 31), "D1", "not_started"): 3,
        (dt.date(2020, 3, 31), "D1", "launched"): 1,
        (dt.date(2020, 3, 31), "D1", "implementing"): 1,
        (dt.date(2020, 3, 31), "D2", "not_started"): 2,
        (dt.date(2020, 2, 29), "D1", "not_started"): 3,
        (dt.date(2020, 2, 29), "D1", "launched"): 2,
        (dt.date(2020, 2, 29), "D2", "not_started"): 2,
    }


def test_current_grade_is_the_corrected_one(programme_engine):
    district = find_region(programme_engine, "甲区")
    grades = current_item_scores(programme_engine, district, dt.date(2020, 1, 1))
    assert len(grades) == 45
    assert grades.set_index("item_code").loc["1.1", "grade"] == "C"
    assert (grades.set_index("item_code").drop("1.1")["grade"] == "A").all()


def test_latest_assessment_up_to_the_month_is_used(programme_engine):
    district = find_region(programme_engine, "甲区")
    grades = current_item_scores(programme_engine, district, dt.date(2020, 6, 1))
    assert set(grades["assessed_month"].astype(str)) == {"2020-02-01"}
    assert set(grades["grade"]) == {"A"}


def test_indicator_scores_after_the_correction(programme_engine):
    district = find_region(programme_engine, "甲区")
    scores = current_indicator_scores(programme_engine, district, dt.date(2020, 1, 1))
    assert scores["unit_code"].tolist() == ["U11"]
    # Indicator 1 has six items; one C of six under A=1, C=0 leaves 5/6.
    by_indicator = scores[[f"s{seq}" for seq in range(1, 13)]].iloc[0]
    assert round(by_indicator["s1"], 2) == 83.33
    assert (by_indicator.drop("s1") == 100).all()
    # 44 of 45 equally weighted items.
    assert round(scores["score"].iloc[0], 2) == 97.78
    assert scores["failed_items"].iloc[0] == 1


def test_reporting_status_on_time_late_missing_pending(programme_engine):
    district = find_region(programme_engine, "甲区")
    frame = reporting_status(
        programme_engine,
        _programme_id(programme_engine),
        10,
        [
            (month, dt.datetime(2020, 4, 30, 23, 59))
            for month in months_between(dt.date(2020, 1, 1), dt.date(2020, 4, 1))
        ],
        district,
    )
    u11 = frame[frame["unit_code"] == "U11"].set_index("month")["status"].to_dict()
    assert u11 == {
        dt.date(2020, 1, 1): "on_time",
        dt.date(2020, 2, 1): "late",
        dt.date(2020, 3, 1): "missing",
        dt.date(2020, 4, 1): "pending",
    }
    others = frame[frame["unit_code"] != "U11"]
    assert len(others) == 4 * 4
    assert others["status"].value_counts().to_dict() == {"missing": 12, "pending": 4}


def test_reporting_status_ignores_reports_that_arrived_after_as_of(programme_engine):
    district = find_region(programme_engine, "甲区")
    # U11's February report came on 03-15 (due 03-10); January's on 02-05 (due 02-10).
    owed = [(dt.date(2020, 2, 1), dt.datetime(2020, 3, 12)), (dt.date(2020, 1, 1), dt.datetime(2020, 2, 8))]
    frame = reporting_status(programme_engine, _programme_id(programme_engine), 10, owed, district)
    u11 = frame[frame["unit_code"] == "U11"].set_index("month")["status"].to_dict()
    assert u11 == {dt.date(2020, 1, 1): "on_time", dt.date(2020, 2, 1): "missing"}
    # Judged on 02-08, January's reports of the others are not yet due.
    others = frame[frame["unit_code"] != "U11"].set_index(["unit_code", "month"])["status"]
    assert others.xs(dt.date(2020, 1, 1), level="month").unique().tolist() == ["pending"]
    assert others.xs(dt.date(2020, 2, 1), level="month").unique().tolist() == ["missing"]


def _programme_id(engine):
    from data_access.programmes import programmes_within

    return int(programmes_within(engine, find_region(engine, "测试市"))["id"].iloc[0])
