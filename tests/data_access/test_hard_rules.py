"""Hard-rule measures per unit, and the same verdicts on the heatmap's path (all units of a
region, latest complete period) and the community page's (one unit, every period):
tests/fixture_programme.py and tests/fixture_hard_rules.py, worked by hand there."""

import datetime as dt

import pytest

from data_access.hard_rules import hard_rule_measures, hard_rule_minimums, hard_rule_names
from data_access.programmes import unit_plan
from data_access.regions import find_region
from data_access.reports import unit_activity_periods
from oversight.community import judge_periods
from oversight.hard_rules import judge_hard_rules
from oversight.reporting import owed_span
from tests.fixture_hard_rules import load_mid_year
from ui.community_tables import quarters_and_years

D = dt.date


@pytest.fixture
def mid_year_engine(programme_engine):
    load_mid_year(programme_engine)
    return programme_engine


def test_measures_and_verdicts_for_february(programme_engine):
    # U11 reported January and February 2020 with one inspection each, participation 60%
    # and satisfaction 85%; no one else reported.  All enrolled 2020-01-01.
    district = find_region(programme_engine, "甲区")
    judged = judge_hard_rules(hard_rule_measures(programme_engine, district, D(2020, 2, 1)))
    assert len(judged) == 5 * 5  # five streets × five rules
    u11 = judged[judged["unit_code"] == "U11"].set_index("rule_code")
    assert u11.loc["participation", ["value", "verdict"]].tolist() == [60.0, "ok"]
    assert u11.loc["satisfaction", ["value", "verdict"]].tolist() == [85.0, "ok"]
    # In February no quarter and no year of the programme is over: the latest complete
    # ones (2019 Q4, 2019) were before the unit's enrolment, so nothing is owed.
    assert u11.loc["inspections", ["first_month", "months_owed", "verdict"]].tolist() == [
        D(2019, 1, 1),
        0,
        "not_owed",
    ]
    assert u11.loc["education", ["first_month", "verdict"]].tolist() == [D(2019, 10, 1), "not_owed"]
    others = judged[judged["unit_code"] != "U11"].set_index("rule_code")
    # The others sent no February report: no rate to judge.
    assert set(others.loc["participation", "verdict"]) == {"not_judged"}


def test_a_mid_year_street_in_june(mid_year_engine):
    u16 = find_region(mid_year_engine, "U16")
    judged = judge_hard_rules(hard_rule_measures(mid_year_engine, u16, D(2021, 6, 1))).set_index("rule_code")
    columns = ["first_month", "last_month", "months_owed", "months_reported", "value", "required", "verdict"]
    assert judged.loc["education", columns].tolist() == [
        D(2021, 4, 1),
        D(2021, 6, 1),
        3,
        3,
        0.0,
        1.0,
        "violated",
    ]
    assert judged.loc["inspections", columns].tolist() == [
        D(2020, 1, 1),
        D(2020, 12, 1),
        8,
        6,
        3.0,
        3.0,
        "ok",
    ]
    assert judged.loc["review", columns].tolist() == [D(2020, 1, 1), D(2020, 12, 1), 8, 6, 1.0, 1.0, "ok"]
    assert judged.loc["participation", ["value", "verdict"]].tolist() == [40.0, "violated"]
    assert judged.loc["satisfaction", ["value", "verdict"]].tolist() == [59.0, "failed"]


def _community_verdicts(engine, month: dt.date) -> dict[tuple[str, dt.date], str]:
    """(rule, period's first month) → verdict, as the community page judges U16."""
    rules = hard_rule_minimums(engine)
    span = owed_span(unit_plan(engine, "U16"))
    quarters, years = quarters_and_years(unit_activity_periods(engine, "U16", month))
    judged = [
        judge_periods(quarters, rules, "quarter", ["education_events"], *span, month),
        judge_periods(years, rules, "year", ["inspections", "reviews_held"], *span, month),
    ]
    return {(row.rule_code, row.first_month): row.verdict for frame in judged for row in frame.itertuples()}


@pytest.mark.parametrize("month", [D(2020, 12, 1), D(2021, 5, 1), D(2021, 6, 1)])
def test_heatmap_and_community_page_agree(mid_year_engine, month):
    district = find_region(mid_year_engine, "甲区")
    heatmap = judge_hard_rules(hard_rule_measures(mid_year_engine, district, month))
    heatmap = heatmap[(heatmap["unit_code"] == "U16") & (heatmap["period"] != "month")]
    community = _community_verdicts(mid_year_engine, month)
    for row in heatmap.itertuples():
        assert community[(row.rule_code, row.first_month)] == row.verdict, row


def test_the_community_page_judges_every_period(mid_year_engine):
    may = _community_verdicts(mid_year_engine, D(2021, 5, 1))
    assert [
        may[("education", D(y, m, 1))] for y, m in ((2020, 4), (2020, 7), (2020, 10), (2021, 1), (2021, 4))
    ] == [
        "ok",
        "ok",
        "ok",
        "violated",
        "in_progress",
    ]
    assert may[("inspections", D(2020, 1, 1))] == "ok"
    assert may[("inspections", D(2021, 1, 1))] == "in_progress"
    assert _community_verdicts(mid_year_engine, D(2021, 6, 1))[("education", D(2021, 4, 1))] == "violated"


def test_minimums_of_the_rules(community_engine):
    rules = hard_rule_minimums(community_engine).set_index("code")
    assert rules.at["education", "period"] == "quarter" and rules.at["education", "minimum"] == 1
    assert rules.at["inspections", "period"] == "year" and rules.at["inspections", "minimum"] == 4
    assert bool(rules.at["satisfaction", "strict"]) and rules.at["satisfaction", "fail_below"] == 60


def test_rule_names_with_their_items_and_indicators(engine):
    rules = hard_rule_names(engine).set_index("rule_code")
    assert rules.loc["participation", ["item_code", "indicator_seq"]].tolist() == ["2.4", 2]
    assert rules.loc["satisfaction", ["item_code", "indicator_seq"]].tolist() == ["12.3", 12]
    assert len(rules) == 5
