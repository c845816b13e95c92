"""The declared catalogue: all 45 items, and schemes whose points add up to their totals."""

from oversight import catalogue


def test_45_items_in_12_indicators_with_both_languages():
    indicators = catalogue.load("indicators")["indicators"]
    assert len(indicators) == 12
    assert [len(i["items"]) for i in indicators] == [6, 4, 3, 3, 3, 5, 4, 7, 2, 2, 3, 3]
    for item in catalogue.items():
        assert item["text_zh"] and item["label_en"], item["code"]


def test_scheme_totals():
    schemes = {s["code"]: s for s in catalogue.load("schemes")["schemes"]}
    totals = {code: sum(catalogue.scheme_points(s).values()) for code, s in schemes.items()}
    assert totals == {"abc": 45, "onsite150": 150, "municipal100": 100}


def test_hard_rules_name_existing_items():
    codes = {item["code"] for item in catalogue.items()}
    rules = catalogue.load("reference")["hard_rules"]
    assert {r["code"] for r in rules} == {
        "participation",
        "satisfaction",
        "inspections",
        "education",
        "review",
    }
    assert all(r["item"] in codes for r in rules)
