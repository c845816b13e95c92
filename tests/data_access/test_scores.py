"""Scores of the latest self-assessment, per item and per county, on the hand-written
programme (tests/fixture_programme.py), plus a second February report and a programme
graded on the 150-point form (``engine_with_more``, tests/data_access/conftest.py).

Figures worked out by hand:
- U11, January 2020 after the correction: 1.1 = C, the other 44 items A → indicator 1 =
  5/6 = 83.33%, composite 44/45 = 97.78%; February: all A.
- U12, February 2020 (written here): the six items of indicator 1 graded B (half the
  points), the rest A → indicator 1 = 50%, composite (39 + 3) / 45 = 93.33%.
  甲区 in February: indicator 1 = (100 + 50) / 2 = 75, composite (100 + 93.33) / 2 = 96.67.
- V1 (programme PR150, 150-point form, written here), January 2021: every part 'a' except
  item 2.4, graded existence a, evidence b, effect d; 2.4's parts are worth 1, 1 and 2
  points → 1 + 0.7 + 0 = 1.7 of 4 = 42.5%, failed (a part earned nothing).  Indicator 2:
  items 2.1–2.3 earn 3 of 3 each → (9 + 1.7) / 13 = 82.31%.
"""

import datetime as dt

import pytest

from data_access.regions import find_region
from data_access.scores import county_indicator_scores, current_item_scores
from tests.data_access.conftest import INDICATOR_1, programme_id
from tests.query_plans import sqlite_plans

JAN, FEB, JUNE = dt.date(2020, 1, 1), dt.date(2020, 2, 1), dt.date(2020, 6, 1)
INDICATORS_2_TO_12 = [f"s{seq}" for seq in range(2, 13)]


def test_item_scores_after_the_correction(programme_engine):
    district = find_region(programme_engine, "甲区")
    items = current_item_scores(programme_engine, district, JAN)
    assert len(items) == 45
    assert set(items["unit_code"]) == {"U11"}
    assert set(items["assessed_month"]) == {JAN}
    first = items.set_index("item_code").loc["1.1"]
    assert (first["grade"], first["item_score"], first["failed"], first["parts"]) == ("C", 0.0, 1, 1)
    rest = items.set_index("item_code").drop("1.1")
    assert set(rest["grade"]) == {"A"} and set(rest["item_score"]) == {100.0} and set(rest["failed"]) == {0}
    assert list(items["item_code"][:7]) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1"]


def test_item_scores_of_one_indicator_from_the_latest_assessment(programme_engine):
    district = find_region(programme_engine, "甲区")
    items = current_item_scores(programme_engine, district, JUNE, None, 1)
    assert list(items["item_code"]) == INDICATOR_1
    assert set(items["grade"]) == {"A"}
    assert set(items["assessed_month"]) == {FEB}  # no assessment since February


def test_item_scores_before_any_assessment_are_empty(programme_engine):
    city = find_region(programme_engine, "测试市")
    assert current_item_scores(programme_engine, city, dt.date(2019, 12, 1)).empty


def test_items_graded_in_parts_are_scored_by_their_points(engine_with_more):
    city = find_region(engine_with_more, "评分市")
    items = current_item_scores(engine_with_more, city, dt.date(2021, 1, 1), None, 2).set_index("item_code")
    assert list(items.index) == ["2.1", "2.2", "2.3", "2.4"]
    assert items.loc["2.4", ["parts", "item_score", "failed"]].tolist() == [3, 42.5, 1]
    assert items["grade"].isna().all()  # graded in parts: no single grade
    assert items.loc["2.1", ["item_score", "failed"]].tolist() == [100.0, 0]


def test_county_averages_in_january(programme_engine):
    city = find_region(programme_engine, "测试市")
    frame = county_indicator_scores(programme_engine, city, JAN)
    assert frame["county_code"].tolist() == ["D1", "D2"]
    d1, d2 = (row for _, row in frame.iterrows())
    assert d1[["units", "assessed"]].tolist() == [5, 1]
    assert round(d1["s1"], 2) == 83.33
    assert (d1[INDICATORS_2_TO_12] == 100).all()
    assert round(d1["score"], 2) == 97.78
    assert d2[["county_zh", "county_en", "units", "assessed"]].tolist() == [
        "乙区",
        "District Two",
        2,
        0,
    ]
    assert d2[["score", "s1", *INDICATORS_2_TO_12]].isna().all()


def test_county_averages_over_two_assessed_units(engine_with_more):
    city = find_region(engine_with_more, "测试市")
    d1 = county_indicator_scores(engine_with_more, city, FEB).set_index("county_code").loc["D1"]
    assert d1["assessed"] == 2
    assert d1["s1"] == 75.0
    assert (d1[INDICATORS_2_TO_12] == 100).all()
    assert round(d1["score"], 2) == 96.67
    # In January only U11 had assessed; U12's February report does not count yet.
    january = county_indicator_scores(engine_with_more, city, JAN).query("county_code == 'D1'")
    assert january["assessed"].iloc[0] == 1


def test_county_averages_for_one_programme_and_one_county(engine_with_more):
    district = find_region(engine_with_more, "乙区")
    frame = county_indicator_scores(engine_with_more, district, FEB)
    assert set(frame["county_code"]) == {"D2"}
    other = find_region(engine_with_more, "评分市")
    pr150 = programme_id(engine_with_more, "PR150")
    assert county_indicator_scores(
        engine_with_more, find_region(engine_with_more, "测试市"), FEB, pr150
    ).empty
    assert (
        county_indicator_scores(engine_with_more, other, dt.date(2021, 1, 1), pr150)["assessed"].iloc[0] == 1
    )


@pytest.mark.parametrize("query", [current_item_scores, county_indicator_scores])
def test_no_full_scan_of_grades_or_reports_on_sqlite(programme_engine, query):
    city = find_region(programme_engine, "测试市")
    for _, plan in sqlite_plans(programme_engine, lambda: query(programme_engine, city, FEB)):
        scans = [step for step in plan if step.startswith("SCAN") and "report" in step]
        assert not scans, plan
