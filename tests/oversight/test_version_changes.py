"""What changed between two versions of a circular, on two hand-made rankings.

Version 1: A 92.0 良好 rank 1 red; B 85.001 达标 rank 2; C 70.0 不达标 rank 3 black.
Version 2 (C's report corrected): C 93.0 良好 rank 1 red; A 92.0 rank 2, no longer red;
B 85.0 (85.001 → 85.0 prints the same to two decimals: no change) rank 3 black; D added.
County K: 82.3 → 90.0, band pass → good, rank unchanged.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from oversight.circular_changes import Change, circular_changes, ranking_changes
from oversight.ranking.method import DEFAULT_METHOD
from oversight.ranking.results import CountyRank, Fact, Ranking, UnitRank


def unit(code: str, total: float, band: str, rank: int, listing: str | None) -> UnitRank:
    return UnitRank(
        unit_id=ord(code),
        unit_code=code,
        unit_zh=f"{code}街道",
        unit_en=f"{code} Street",
        county_id=1,
        county_code="K",
        county_zh="K区",
        county_en="K District",
        components=(),
        total=total,
        band=band,
        vetoes=(),
        rank=rank,
        county_rank=rank,
        previous_rank=None,
        listing=listing,
        listed_again=False,
        times_listed=1 if listing else 0,
        lifts=(),
    )


def county(total: float, band: str) -> CountyRank:
    return CountyRank(1, "K", "K区", "K District", 3, total, 80.0, total, band, 1, None, (), ())


def ranking(units, counties) -> Ranking:
    return Ranking(
        "C", "测试市", "Test City", "PR", dt.date(2020, 1, 1), DEFAULT_METHOD, tuple(units), tuple(counties)
    )


OLD = ranking(
    [
        unit("A", 92.0, "good", 1, "red"),
        unit("B", 85.001, "pass", 2, None),
        unit("C", 70.0, "fail", 3, "black"),
    ],
    [county(82.3, "pass")],
)
NEW = ranking(
    [
        unit("C", 93.0, "good", 1, "red"),
        unit("A", 92.0, "good", 2, None),
        unit("B", 85.0, "pass", 3, "black"),
        unit("D", 60.0, "fail", 4, "black"),
    ],
    [county(90.0, "good")],
)


def test_ranks_scores_bands_and_listings_that_changed():
    changes = [(c.part, c.code, c.field, c.before, c.after) for c in ranking_changes(OLD, NEW)]
    assert changes == [
        ("unit", "C", "rank", 3, 1),
        ("unit", "C", "total", 70.0, 93.0),
        ("unit", "C", "band", "fail", "good"),
        ("unit", "C", "listing", "black", "red"),
        ("unit", "A", "rank", 1, 2),
        ("unit", "A", "listing", "red", None),
        ("unit", "B", "rank", 2, 3),
        ("unit", "B", "listing", None, "black"),
        ("unit", "D", "presence", False, True),
        ("county", "K", "total", 82.3, 90.0),
        ("county", "K", "band", "pass", "good"),
    ]


def test_a_unit_gone_shows_last_with_its_names():
    gone = ranking_changes(NEW, OLD)[-3]
    assert gone == Change("unit", "D", "D街道", "D Street", "presence", True, False)


def test_problems_and_requirements_that_changed():
    missing = Fact("report.missing", {"month": "2020-01-01", "unit_zh": "C街道"})
    late = Fact("report.late", {"month": "2020-01-01", "days": 3})
    old = SimpleNamespace(ranking=OLD, problems=(missing, late), requirements="一、按时报送。")
    new = SimpleNamespace(ranking=OLD, problems=(late,), requirements="一、按时报送。\n二、整改隐患。")
    assert circular_changes(old, new) == (
        Change("problem", "report.missing", "", "", "problem", missing, None),
        Change(
            "requirements", "", "", "", "requirements", "一、按时报送。", "一、按时报送。\n二、整改隐患。"
        ),
    )
    assert circular_changes(old, old) == ()


def test_a_fact_read_back_from_json_is_the_same_fact():
    """An issued circular's facts come from JSON (lists); a draft's are fresh (tuples)."""
    fresh = Fact("report.missing", {"months": ("2015-06-01",), "items": ({"unit_zh": "磨溪镇"},)})
    read_back = Fact("report.missing", {"items": [{"unit_zh": "磨溪镇"}], "months": ["2015-06-01"]})
    old = SimpleNamespace(ranking=OLD, problems=(fresh,), requirements="")
    new = SimpleNamespace(ranking=OLD, problems=(read_back,), requirements="")
    assert circular_changes(old, new) == ()
