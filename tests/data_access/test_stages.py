"""Stage events, planned stages and units by stage, on tests/fixture_district.py (its
docstring has the data)."""

from __future__ import annotations

from data_access.regions import find_region
from data_access.stages import planned_stages, stage_counts, stage_events
from tests.data_access.conftest import programme_id
from tests.fixture_community import D


def test_stage_events_up_to_the_as_of_day(district_engine):
    d1 = find_region(district_engine, "D1")
    frame = stage_events(district_engine, d1, D(2020, 3, 31))
    assert list(zip(frame["unit_code"], frame["stage_code"], frame["entered_on"], strict=True)) == [
        ("U11", "launched", D(2020, 2, 1)),
        ("U11", "implementing", D(2020, 3, 1)),
        ("U12", "launched", D(2020, 2, 10)),
    ]
    assert list(stage_events(district_engine, d1, D(2020, 2, 5))["stage_code"]) == ["launched"]


def test_stage_events_of_one_programme(district_engine):
    d3 = find_region(district_engine, "D3")
    frame = stage_events(district_engine, d3, D(2021, 7, 31), programme_id(district_engine, "PS"))
    assert list(frame["unit_code"]) == ["U31", "U31", "U31", "U32", "U32", "U34"]
    assert list(frame["stage_seq"][:3]) == [1, 2, 3]  # the 08-01 application is after as-of
    assert stage_events(district_engine, d3, D(2021, 7, 31), programme_id(district_engine, "PR")).empty


def test_planned_stages_of_the_county_programmes(district_engine):
    d3 = find_region(district_engine, "D3")
    frame = planned_stages(district_engine, d3)
    assert list(frame["name_zh"]) == ["启动阶段", "推进实施阶段", "自评申报阶段", "巩固提高阶段"]
    assert list(frame["seq"]) == [1, 2, 3, 4]
    assert frame["planned_end"].iloc[1] == D(2021, 6, 30)
    assert set(frame["programme_code"]) == {"PS"}
    # The shared fixture's programme plans no stages, and D4 has no programme at all.
    assert planned_stages(district_engine, find_region(district_engine, "D1")).empty
    assert planned_stages(district_engine, find_region(district_engine, "D4")).empty


def test_district_stage_counts_on_the_added_programme(district_engine):
    d3 = find_region(district_engine, "D3")
    frame = stage_counts(district_engine, d3, (D(2021, 7, 31),))
    assert dict(zip(frame["stage_code"], frame["units"], strict=True)) == {
        "not_started": 1,
        "launched": 1,
        "implementing": 1,
        "self_assessed": 1,
    }


def test_county_without_enrolled_units_has_no_stages(district_engine):
    d4 = find_region(district_engine, "D4")
    assert stage_events(district_engine, d4, D(2021, 7, 31)).empty
    assert stage_counts(district_engine, d4, (D(2021, 7, 31),)).empty
