"""The ranking of tests/fixture_ranking.py's six streets, read by ``ranking_inputs`` and
ranked by ``rank`` on SQLite and PostgreSQL; every figure is worked by hand in the
fixture's docstring."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access.ranking import ranking_inputs
from data_access.regions import find_region
from oversight.ranking import rank
from oversight.ranking.method import DEFAULT_METHOD
from oversight.ranking.results import Ranking
from tests.data_access.conftest import programme_id
from tests.fixture_ranking import load_ranking

D = dt.date
FEB, MAR = D(2021, 2, 1), D(2021, 3, 1)


@pytest.fixture
def ranking_engine(engine):
    load_ranking(engine)
    return engine


def _inputs(engine, month, region="RC"):
    return ranking_inputs(engine, find_region(engine, region), month, programme_id(engine, "RK"))


@pytest.fixture
def months(ranking_engine) -> tuple[Ranking, Ranking]:
    february = rank(_inputs(ranking_engine, FEB), DEFAULT_METHOD)
    march = rank(_inputs(ranking_engine, MAR), DEFAULT_METHOD, previous=february, earlier=[february])
    return february, march


def _by_code(ranking: Ranking) -> dict:
    return {unit.unit_code: unit for unit in ranking.units}


def test_the_inputs_are_one_row_per_unit_with_the_year_to_date_sums(ranking_engine):
    inputs = _inputs(ranking_engine, MAR)
    units = inputs.units.set_index("unit_code")
    assert list(units.index) == ["A1", "A2", "A3", "B1", "B2", "B3"]
    assert units["hazards_found"].tolist() == [2, 5, 0, 5, 2, 0]
    assert units["hazards_rectified"].tolist() == [2, 4, 0, 4, 0, 0]
    assert units["assessment"].tolist()[:4] == [100.0, 80.0, 50.0, 80.0]
    assert units["assessment"].isna().tolist() == [False, False, False, False, True, False]
    # B2's March report came on 04-20, after the ranking's moment: no rates, no deaths.
    assert units.loc["B2", "participation_rate"] is None or units["participation_rate"].isna()["B2"]
    assert units.loc["B3", "participation_rate"] == 25.0
    # A1's January death is January's, not March's.
    assert units["deaths"].tolist() == [0] * 6
    assert _inputs(ranking_engine, D(2021, 1, 1)).units.set_index("unit_code")["deaths"]["A1"] == 1
    reports = inputs.reports
    assert len(reports[reports["unit_id"] == units.loc["B2", "unit_id"]]) == 1
    b3 = reports[reports["unit_id"] == units.loc["B3", "unit_id"]]
    assert b3["complete"].tolist() == [True, False, True]
    inspections = inputs.activities[inputs.activities["rule_code"] == "inspections"]
    assert inspections.groupby("unit_id")["value"].sum().tolist() == [1, 1, 0, 1, 0, 1]
    assert list(inputs.counties["county_code"]) == ["K1", "K2"]


def test_february_scores_ranks_bands_and_lists(months):
    february, _ = months
    units = _by_code(february)
    assert {code: u.total for code, u in units.items()} == {
        "A1": 100.0,
        "B3": 95.31,
        "A2": 90.0,
        "B1": 90.0,
        "A3": 59.38,
        "B2": 17.19,
    }
    assert [u.unit_code for u in february.units] == ["A1", "B3", "A2", "B1", "A3", "B2"]
    assert [u.rank for u in february.units] == [1, 2, 3, 3, 5, 6]
    assert [u.band for u in february.units] == ["excellent", "excellent", "good", "good", "fail", "fail"]
    assert [u.listing for u in february.units] == ["red", "red", "red", "red", "black", "black"]
    assert {code: u.county_rank for code, u in units.items()} == {
        "A1": 1,
        "A2": 2,
        "A3": 3,
        "B3": 1,
        "B1": 2,
        "B2": 3,
    }
    # No activity requirement is due in February: activities do not apply, weights over 80.
    a3 = {c.code: (c.score, c.points) for c in units["A3"].components}
    assert a3 == {
        "stages": (50.0, 15.63),
        "assessment": (50.0, 15.63),
        "activities": (None, 0.0),
        "reporting": (50.0, 9.38),
        "hazards": (100.0, 18.75),
    }
    assert [v.key for v in units["A3"].vetoes] == ["veto.missing_report"]
    assert units["A3"].vetoes[0].values == {"month": "2021-02-01"}


def test_march_scores_rank_change_and_listings(months):
    _, march = months
    units = _by_code(march)
    assert [(u.unit_code, u.total, u.rank) for u in march.units] == [
        ("A1", 100.0, 1),
        ("A2", 92.0, 2),
        ("B1", 92.0, 2),
        ("A3", 68.75, 4),
        ("B3", 97.5, 5),
        ("B2", 11.25, 6),
    ]
    assert {code: u.change for code, u in units.items()} == {
        "A1": 0,
        "A2": 1,
        "B1": 1,
        "A3": 1,
        "B3": -3,
        "B2": 0,
    }
    assert {code: (u.listing, u.listed_again, u.times_listed) for code, u in units.items()} == {
        "A1": ("red", True, 2),
        "A2": ("red", True, 2),
        "B1": ("red", True, 2),
        "A3": ("black", True, 2),
        "B3": ("black", False, 1),
        "B2": ("black", True, 2),
    }
    assert units["B3"].band == "fail"
    assert units["B3"].vetoes[0].key == "veto.participation"
    assert units["B3"].vetoes[0].values == {"month": "2021-03-01", "value": 25.0, "line": 30.0}
    a3 = {c.code: (c.score, c.points) for c in units["A3"].components}
    assert a3 == {
        "stages": (75.0, 18.75),
        "assessment": (50.0, 12.5),
        "activities": (50.0, 10.0),
        "reporting": (83.33, 12.5),
        "hazards": (100.0, 15.0),
    }


def test_the_facts_the_circular_builds_its_problems_from(months):
    _, march = months
    b2 = _by_code(march)["B2"]
    facts = {c.code: c.facts for c in b2.components}
    assert [f.values for f in facts["reporting"] if f.key == "report.missing"] == [
        {"month": "2021-02-01"},
        {"month": "2021-03-01"},
    ]
    assert [f.values for f in facts["stages"] if f.key == "stage.overdue"] == [
        {
            "stage_zh": "找差距、添措施",
            "stage_en": "Find gaps, add measures",
            "planned_end": "2021-02-28",
            "days": 31,
        }
    ]
    assert [f.values for f in facts["activities"] if f.key == "rule.not_met"] == [
        {
            "rule": "education",
            "name_zh": "居民安全教育每季度不少于一次",
            "name_en": "Resident safety education at least once a quarter",
            "value": 0,
            "required": 1,
            "period_start": "2021-01-01",
            "period_end": "2021-03-01",
            "verdict": "violated",
        },
        {
            "rule": "inspections",
            "name_zh": "综合性安全检查全年不少于4次",
            "name_en": "At least 4 comprehensive inspections a year",
            "value": 0,
            "required": 1,
            "period_start": "2021-01-01",
            "period_end": "2021-12-01",
            "verdict": "in_progress",
        },
    ]
    assert [f.values for f in facts["hazards"]] == [{"found": 2, "rectified": 0, "open": 2}]
    a3 = _by_code(march)["A3"]
    late = [f.values for c in a3.components for f in c.facts if f.key == "report.late"]
    assert late == [{"month": "2021-02-01", "days": 5}]


def test_what_lifts_a_unit_to_the_next_band(months):
    _, march = months
    units = _by_code(march)
    assert [(f.key, f.values.get("points")) for f in units["A3"].lifts] == [
        ("lift.points", 11.25),
        ("lift.activity", 10.0),
    ]
    assert units["A3"].lifts[1].values["rule"] == "inspections"
    assert units["A3"].lifts[1].values["more"] == 1
    assert [(f.key, f.values.get("points")) for f in units["B2"].lifts] == [
        ("lift.vetoed", None),
        ("lift.points", 68.75),
        ("lift.hazards", 15.0),
        ("lift.activity", 10.0),
        ("lift.activity", 10.0),
        ("lift.stage", 6.25),
        ("lift.report", 2.5),
        ("lift.report", 2.5),
    ]
    assert units["A1"].lifts == ()


def test_counties_scored_on_their_units_and_targets(months):
    _, march = months
    assert [(c.county_code, c.units_mean, c.attainment, c.total, c.band, c.rank) for c in march.counties] == [
        ("K1", 86.92, 100.0, 90.84, "good", 1),
        ("K2", 66.92, 0.0, 46.84, "fail", 2),
    ]
    k1, k2 = march.counties
    assert [(f.key, f.values["points"]) for f in k2.lifts] == [
        ("lift.points", 33.16),
        ("lift.target", 30.0),
        ("lift.county_unit", 16.04),
    ]
    assert [(f.key, f.values["points"]) for f in k1.lifts] == [
        ("lift.points", 4.16),
        ("lift.county_unit", 6.13),
        ("lift.county_unit", 0.7),
    ]
    assert [f.values["unit_code"] for f in k1.lifts[1:]] == ["A3", "A2"]


def test_a_county_without_targets_is_scored_on_its_units_alone_and_a_county_region_ranks_none(
    ranking_engine,
):
    inputs = _inputs(ranking_engine, MAR)
    bare = type(inputs)(**{**inputs.__dict__, "targets": inputs.targets.iloc[0:0]})
    k1 = rank(bare, DEFAULT_METHOD).counties[0]
    assert (k1.total, k1.targets, k1.facts[-1].key) == (86.92, 0, "county.no_targets")
    county = rank(_inputs(ranking_engine, MAR, "K2"), DEFAULT_METHOD)
    assert county.counties == ()
    assert [(u.unit_code, u.rank, u.county_rank) for u in county.units] == [
        ("B1", 1, 1),
        ("B3", 2, 2),
        ("B2", 3, 3),
    ]


def test_a_ranking_reads_back_equal_from_its_json(months):
    _, march = months
    assert Ranking.from_json(march.to_json()) == march
