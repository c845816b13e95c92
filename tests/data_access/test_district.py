"""The district page's queries on tests/fixture_district.py (its docstring has the data)."""

import pytest
from sqlalchemy import Engine, select

from data_access.catalogue import stage_names
from data_access.models import Programme
from data_access.regions import find_region
from data_access.stages import planned_stages, stage_counts, stage_events
from data_access.subsidies import unit_subsidies
from data_access.units import unit_enrolments
from tests.fixture_district import D, add_district_data
from tests.query_plans import sqlite_plans


@pytest.fixture
def district_engine(programme_engine) -> Engine:
    add_district_data(programme_engine)
    return programme_engine


def _programme_id(engine: Engine, code: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(Programme.id).where(Programme.code == code))


def test_stage_catalogue_in_path_order(engine):
    stages = stage_names(engine)
    assert list(stages["code"][:3]) == ["not_started", "launched", "implementing"]
    assert list(stages["seq"]) == sorted(stages["seq"])
    assert stages.set_index("code").loc["named", "name_zh"] == "命名"


def test_enrolments_of_a_county(district_engine):
    d1 = find_region(district_engine, "D1")
    frame = unit_enrolments(district_engine, d1)
    assert list(frame["unit_code"]) == ["U11", "U12", "U13", "U14", "U15"]
    assert set(frame["programme_code"]) == {"PR"}
    assert list(frame["is_pilot"].astype(bool)) == [True, True, False, False, False]
    assert set(frame["enrolled_on"]) == {D(2020, 1, 1)}


def test_units_outside_every_programme_still_appear(district_engine):
    d4 = find_region(district_engine, "D4")
    frame = unit_enrolments(district_engine, d4)
    assert list(frame["unit_code"]) == ["U41"]
    assert frame["programme_id"].isna().all()


def test_enrolments_in_another_programme_are_empty(district_engine):
    d1 = find_region(district_engine, "D1")
    frame = unit_enrolments(district_engine, d1, _programme_id(district_engine, "PS"))
    assert len(frame) == 5
    assert frame["programme_id"].isna().all()


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
    frame = stage_events(district_engine, d3, D(2021, 7, 31), _programme_id(district_engine, "PS"))
    assert list(frame["unit_code"]) == ["U31", "U31", "U31", "U32", "U32", "U34"]
    assert list(frame["stage_seq"][:3]) == [1, 2, 3]  # the 08-01 application is after as-of
    assert stage_events(district_engine, d3, D(2021, 7, 31), _programme_id(district_engine, "PR")).empty


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


def _money(frame):
    return {
        code: [None if v != v else v for v in row]
        for code, *row in zip(
            frame["region_code"],
            frame["allocated"],
            frame["disbursed"],
            frame["received"],
            frame["spent"],
            strict=True,
        )
    }


def test_subsidy_per_unit_of_the_test_districts(district_engine):
    d1 = find_region(district_engine, "D1")
    frame = unit_subsidies(district_engine, d1, D(2020, 12, 31))
    assert list(frame["region_code"]) == ["D1", "U11", "U12", "U13", "U14", "U15"]
    money = _money(frame)
    assert money["D1"] == [60000.0, 60000.0, None, None]
    assert money["U11"] == [0.0, 0.0, 0.0, 0.0]
    d2 = find_region(district_engine, "D2")
    assert _money(unit_subsidies(district_engine, d2, D(2020, 12, 31)))["D2"] == [
        40000.0,
        25000.0,
        None,
        None,
    ]
    assert _money(unit_subsidies(district_engine, d2, D(2021, 1, 31)))["D2"] == [40000.0, 40000.0, None, None]
    assert _money(unit_subsidies(district_engine, d2, D(2020, 1, 31)))["D2"] == [0.0, 0.0, None, None]


def test_subsidy_per_unit_counts_current_reports_up_to_the_month(district_engine):
    d3 = find_region(district_engine, "D3")
    money = _money(unit_subsidies(district_engine, d3, D(2021, 7, 31)))
    assert money == {
        "D3": [100000.0, 60000.0, None, None],
        "U31": [20000.0, 20000.0, 20000.0, 14000.0],  # 5,000 + the corrected 9,000
        "U32": [0.0, 0.0, 0.0, 1000.0],
        "U33": [0.0, 0.0, 0.0, 0.0],
        "U34": [0.0, 0.0, 0.0, 0.0],
    }
    february = _money(unit_subsidies(district_engine, d3, D(2021, 2, 28)))
    assert february["U31"] == [20000.0, 0.0, 0.0, 5000.0]
    assert _money(unit_subsidies(district_engine, d3, D(2021, 12, 31)))["D3"][1] == 100000.0


def test_subsidy_of_one_programme(district_engine):
    d3 = find_region(district_engine, "D3")
    money = _money(unit_subsidies(district_engine, d3, D(2021, 7, 31), _programme_id(district_engine, "PR")))
    # No PR money went to D3, and none of its units is enrolled in PR: only the county row.
    assert money == {"D3": [0.0, 0.0, None, None]}


def test_county_without_enrolled_units(district_engine):
    d4 = find_region(district_engine, "D4")
    assert _money(unit_subsidies(district_engine, d4, D(2021, 7, 31))) == {"D4": [0.0, 0.0, None, None]}
    assert stage_events(district_engine, d4, D(2021, 7, 31)).empty
    assert stage_counts(district_engine, d4, (D(2021, 7, 31),)).empty


def test_district_stage_counts_on_the_added_programme(district_engine):
    d3 = find_region(district_engine, "D3")
    frame = stage_counts(district_engine, d3, (D(2021, 7, 31),))
    assert dict(zip(frame["stage_code"], frame["units"], strict=True)) == {
        "not_started": 1,
        "launched": 1,
        "implementing": 1,
        "self_assessed": 1,
    }


def test_queries_scan_neither_reports_nor_stage_events(district_engine):
    """Report sums and stage events are read per unit through their indexes."""
    d3 = find_region(district_engine, "D3")

    def read() -> None:
        unit_subsidies(district_engine, d3, D(2021, 7, 31))
        stage_events(district_engine, d3, D(2021, 7, 31))

    for _, plan in sqlite_plans(district_engine, read):
        assert not any(step.startswith(("SCAN report", "SCAN stage_event")) for step in plan), plan
