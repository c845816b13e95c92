"""Hard-rule measures on the hand-written programme: U11 reported January and February 2020
with one inspection each, participation 60% and satisfaction 85%; no one else reported."""

import datetime as dt

from data_access.hard_rules import hard_rule_measures
from data_access.regions import find_region
from oversight.hard_rules import judge_hard_rules


def test_measures_and_verdicts_for_february(programme_engine):
    district = find_region(programme_engine, "甲区")
    judged = judge_hard_rules(hard_rule_measures(programme_engine, district, dt.date(2020, 2, 1)))
    assert len(judged) == 5 * 5  # five streets × five rules
    u11 = judged[judged["unit_code"] == "U11"].set_index("rule_code")
    assert u11.loc["participation", ["value", "verdict"]].tolist() == [60.0, "ok"]
    assert u11.loc["satisfaction", ["value", "verdict"]].tolist() == [85.0, "ok"]
    # Two of twelve months reported, two inspections: short of four, but not judged yet.
    assert u11.loc["inspections", ["months_reported", "value", "verdict"]].tolist() == [2, 2.0, "not_judged"]
    assert u11.loc["education", ["months_reported", "value"]].tolist() == [2, 0.0]
    others = judged[judged["unit_code"] != "U11"]
    assert set(others["verdict"]) == {"not_judged"}
    assert set(others["months_reported"]) == {0}
