"""The ranking's rules taken one at a time, on rows written here by hand: ties and their
break, the lists' boundaries, the rounding, the vetoes, and the sentences facts become."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from oversight.i18n import MESSAGES
from oversight.ranking.explain import fact_text
from oversight.ranking.lists import listings
from oversight.ranking.method import BANDS, COMPONENTS, DEFAULT_METHOD, LISTS, VETOES, ListRule
from oversight.ranking.ranks import hundredths, order_key, places, weigh
from oversight.ranking.results import ComponentScore, Fact
from oversight.ranking.vetoes import unit_vetoes

MARCH = dt.date(2015, 3, 1)


def _components(**points: float) -> tuple[ComponentScore, ...]:
    return tuple(ComponentScore(code, 20.0, None, points.get(code, 0.0), ()) for code in COMPONENTS)


def test_equal_totals_are_told_apart_by_the_components_in_order_then_share_the_place():
    """X, Y, Z, W all total 80.  X and Y have 25 stage points, Z and W 20: X and Y go
    first.  X's assessment points (25) beat Y's (20).  Z and W are equal in every
    component: they share 3rd place, listed by code (W before Z), and the next is 5th."""
    units = {
        "X": (False, 80.0, _components(stages=25, assessment=25)),
        "Y": (False, 80.0, _components(stages=25, assessment=20)),
        "Z": (False, 80.0, _components(stages=20, assessment=30)),
        "W": (False, 80.0, _components(stages=20, assessment=30)),
        "V": (False, 79.99, _components(stages=25, assessment=25)),
    }
    placed = places(list(units), key=lambda code: order_key(*units[code]), code=lambda code: code)
    assert placed == [("X", 1), ("Y", 2), ("W", 3), ("Z", 3), ("V", 5)]


def test_a_vetoed_unit_ranks_after_every_unit_without_a_veto_whatever_its_total():
    units = {"A": (True, 99.0, _components()), "B": (False, 10.0, _components())}
    placed = places(list(units), key=lambda code: order_key(*units[code]), code=lambda code: code)
    assert placed == [("B", 1), ("A", 2)]


def test_weights_of_components_that_do_not_apply_are_shared_out():
    """Stages does not apply: 25 × 100/75 + 25 × 50/75 + 15 × 100/75 + 15 × 0/75 + ... with
    activities 20 × 40/75: (2500 + 0 ... ) worked: assessment 25 × 50 = 1250, activities
    20 × 40 = 800, reporting 15 × 100 = 1500, hazards 15 × 0 = 0 → 3550 / 75 = 47.333 → 47.33;
    assessment's points 1250/75 = 16.667 → 16.67."""
    scores = {"stages": None, "assessment": 50.0, "activities": 40.0, "reporting": 100.0, "hazards": 0.0}
    components, total = weigh(scores, DEFAULT_METHOD, {code: () for code in COMPONENTS})
    assert total == 47.33
    assert [(c.code, c.score, c.points) for c in components] == [
        ("stages", None, 0.0),
        ("assessment", 50.0, 16.67),
        ("activities", 40.0, 10.67),
        ("reporting", 100.0, 20.0),
        ("hazards", 0.0, 0.0),
    ]


def test_halves_round_up_as_officials_round():
    assert hundredths(59.375) == 59.38
    assert hundredths(15.625) == 15.63
    assert hundredths(0.1 + 0.2) == 0.3


def test_a_tie_at_the_red_boundary_lists_everybody_sharing_the_place():
    """Places 1, 2, 3, 3: both units at 3rd are red (four units); 1, 2, 2, 4: the 4th is
    not.  E, last, is black in both."""
    rule = ListRule(red_top=3, red_floor=80, black_bottom=1, black_below=80)
    tie_at_three = [
        ("A", 99, False, 1),
        ("B", 98, False, 2),
        ("C", 90, False, 3),
        ("D", 90, False, 3),
        ("E", 85, False, 5),
    ]
    assert listings(tie_at_three, rule) == {"A": "red", "B": "red", "C": "red", "D": "red", "E": "black"}
    tie_at_two = [
        ("A", 99, False, 1),
        ("B", 95, False, 2),
        ("C", 95, False, 2),
        ("D", 90, False, 4),
        ("E", 85, False, 5),
    ]
    assert listings(tie_at_two, rule) == {"A": "red", "B": "red", "C": "red", "E": "black"}


def test_a_last_place_among_the_first_three_is_not_black_listed():
    """Chuanshan District ranks one unit (91.09, Suining November 2015): first and last
    at once, it is red, not black for being alone.  Three units: the third (85) is within
    the top 3, red; a fourth unit (85, 4th) would be last below the top 3: black."""
    rule = ListRule(red_top=3, red_floor=80, black_bottom=1, black_below=80)
    assert listings([("A", 91.09, False, 1)], rule) == {"A": "red"}
    three = [("A", 99, False, 1), ("B", 90, False, 2), ("C", 85, False, 3)]
    assert listings(three, rule) == {"A": "red", "B": "red", "C": "red"}
    assert listings([*three, ("D", 85, False, 4)], rule) == {"A": "red", "B": "red", "C": "red", "D": "black"}
    # Still black for what it is, not where it stands: vetoed, or below 80.
    assert listings([("A", 91.09, True, 1)], rule) == {"A": "black"}
    assert listings([("A", 79.99, False, 1)], rule) == {"A": "black"}


def test_black_takes_the_vetoed_those_below_the_line_and_every_unit_sharing_last_place():
    """E and F share the last place without a veto: both black although above 80.  With
    D vetoed, D is last (and black) and E, F are not.  A unit under 80 is black wherever
    it stands; one under the red floor is never red."""
    rule = ListRule(red_top=3, red_floor=80, black_bottom=1, black_below=80)
    rows = [
        ("A", 99, False, 1),
        ("B", 90, False, 2),
        ("C", 85, False, 3),
        ("E", 82, False, 4),
        ("F", 82, False, 4),
    ]
    assert listings(rows, rule) == {"A": "red", "B": "red", "C": "red", "E": "black", "F": "black"}
    assert listings([*rows, ("D", 95, True, 6)], rule) == {"A": "red", "B": "red", "C": "red", "D": "black"}
    no_last = ListRule(red_top=3, red_floor=80, black_bottom=0, black_below=80)
    assert listings([("A", 99, False, 1), ("G", 79, False, 2), ("H", 78, False, 3)], no_last) == {
        "A": "red",
        "G": "black",
        "H": "black",
    }


def _unit(**values):
    base = {"participation_rate": 80.0, "satisfaction_rate": 90.0, "deaths": 0}
    return SimpleNamespace(**(base | values))


def test_each_veto_strikes_on_its_own_event():
    assert unit_vetoes(_unit(), DEFAULT_METHOD, MARCH, False) == ()
    assert unit_vetoes(_unit(participation_rate=29.9), DEFAULT_METHOD, MARCH, False) == (
        Fact("veto.participation", {"month": "2015-03-01", "value": 29.9, "line": 30.0}),
    )
    assert unit_vetoes(
        _unit(participation_rate=30.0, satisfaction_rate=59.5), DEFAULT_METHOD, MARCH, False
    ) == (Fact("veto.satisfaction", {"month": "2015-03-01", "value": 59.5, "line": 60.0}),)
    assert (
        unit_vetoes(_unit(participation_rate=None, satisfaction_rate=None), DEFAULT_METHOD, MARCH, False)
        == ()
    )
    assert unit_vetoes(_unit(deaths=1), DEFAULT_METHOD, MARCH, True) == (
        Fact("veto.missing_report", {"month": "2015-03-01"}),
        Fact("veto.fatal_accident", {"month": "2015-03-01", "deaths": 1}),
    )


def test_facts_read_as_sentences_in_both_languages():
    missing = Fact("report.missing", {"month": "2015-03-01"})
    assert fact_text(missing, "zh") == "2015年3月月报缺报。"
    assert fact_text(missing, "en") == "The Mar 2015 report is missing."
    overdue = Fact(
        "stage.overdue",
        {"stage_zh": "推进实施", "stage_en": "Implementation", "planned_end": "2015-10-30", "days": 32},
    )
    assert fact_text(overdue, "zh") == "“推进实施”阶段计划 2015年10月30日 完成，已逾期 32 天未完成。"
    assert fact_text(overdue, "en") == "Stage “Implementation” was due by 2015-10-30; overdue by 32 days."
    lift = Fact("lift.points", {"band": "pass", "points": 11.25})
    assert fact_text(lift, "zh") == "距“达标”还差 11.25 分。"
    assert (
        fact_text(Fact("lift.points", {"band": "good", "points": 4.0}), "en") == "4 points short of “Good”."
    )


def test_every_code_has_its_message_in_both_languages():
    keys = [
        *(f"ranking.component.{c}" for c in COMPONENTS),
        *(f"ranking.band.{b}" for b in BANDS),
        *(f"ranking.veto.{v}" for v in VETOES),
        *(f"ranking.fact.veto.{v}" for v in VETOES),
        *(f"ranking.list.{name}" for name in LISTS),
    ]
    for lang in ("zh", "en"):
        assert [key for key in keys if key not in MESSAGES[lang]] == []


@pytest.mark.parametrize(
    "key", ["report.missing", "report.late", "stage.overdue", "rule.not_met", "hazards.open"]
)
def test_the_facts_the_documents_rely_on_have_messages(key):
    assert f"ranking.fact.{key}" in MESSAGES["zh"]
    assert f"ranking.fact.{key}" in MESSAGES["en"]
