"""The district page's queries on the hand-written programme, plus a second programme with
planned stages added here (the shared fixture's programme has none).

Added to 测试市 (C), worked out by hand in the tests below:
- 丙区 (D3) with U31..U34, enrolled in programme PS (2021), run by D3, with planned
  stages 启动阶段 01-01..01-31, 推进实施阶段 02-01..06-30, 自评申报阶段 07-01..09-30,
  巩固提高阶段 10-01..12-31.  U31..U33 enrolled 2021-01-01 (U31 a pilot), U34 on 2021-03-01.
- Stage events: U31 launched 01-10, implementing 02-15, self_assessed 06-01, applied
  08-01; U32 launched 02-05, implementing 03-01; U33 none; U34 launched 03-05.
- Money: C → D3 100,000 allocated 2021-01-15, paid 60,000 on 02-01 and 40,000 on 11-01;
  D3 → U31 20,000 allocated 02-01, paid 03-01.  U31 reports 2021-01 spent 5,000;
  2021-03 spent 8,000 and received 20,000, corrected to spent 9,000; U32 reports 2021-02
  spent 1,000.
- 丁区 (D4) with U41, enrolled in nothing.
- PS target T1: at least 1 national in D3 by 2021-12-31 (nobody holds one).
"""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine, event, select

from data_access.district import (
    planned_stages,
    stage_catalogue,
    stage_events,
    unit_enrolments,
    unit_subsidies,
)
from data_access.loading import (
    AllocationSpec,
    EnrolmentSpec,
    ProgrammeData,
    ProgrammeSpec,
    RegionSpec,
    StageEventSpec,
    StageSpec,
    TargetSpec,
    load_programme_data,
)
from data_access.models import Programme
from data_access.progress import stage_counts
from data_access.regions import find_region
from data_access.submissions import MonthlyReport, correct_report, submit_report

D = dt.date


def district_data() -> ProgrammeData:
    regions = [
        RegionSpec("D3", "丙区", "county", "district", "C", "District Three"),
        *(RegionSpec(code, f"街道{code}", "unit", "street", "D3") for code in ("U31", "U32", "U33", "U34")),
        RegionSpec("D4", "丁区", "county", "district", "C", "District Four"),
        RegionSpec("U41", "街道U41", "unit", "street", "D4"),
    ]
    programme = ProgrammeSpec(
        code="PS",
        name_zh="测试方案二",
        name_en="Second test programme",
        region_code="D3",
        level_code="national",
        scheme=("abc", 1),
        start_date=D(2021, 1, 1),
        end_date=D(2021, 12, 31),
        report_deadline_day=10,
        source="hand-written test fixture",
        stages=[
            StageSpec("启动阶段", "Launch", D(2021, 1, 1), D(2021, 1, 31)),
            StageSpec("推进实施阶段", "Implementation", D(2021, 2, 1), D(2021, 6, 30)),
            StageSpec("自评申报阶段", "Self-assessment and application", D(2021, 7, 1), D(2021, 9, 30)),
            StageSpec("巩固提高阶段", "Consolidation", D(2021, 10, 1), D(2021, 12, 31)),
        ],
        units=[
            EnrolmentSpec("U31", D(2021, 1, 1), True),
            EnrolmentSpec("U32", D(2021, 1, 1)),
            EnrolmentSpec("U33", D(2021, 1, 1)),
            EnrolmentSpec("U34", D(2021, 3, 1)),
        ],
        targets=[
            TargetSpec("T1", "count", "D3", Decimal(1), D(2021, 12, 31), "丙区1个", "1 in D3", "national")
        ],
    )
    events = [
        StageEventSpec("U31", "PS", "launched", D(2021, 1, 10), "test"),
        StageEventSpec("U31", "PS", "implementing", D(2021, 2, 15), "test"),
        StageEventSpec("U31", "PS", "self_assessed", D(2021, 6, 1), "test"),
        StageEventSpec("U31", "PS", "applied", D(2021, 8, 1), "test"),
        StageEventSpec("U32", "PS", "launched", D(2021, 2, 5), "test"),
        StageEventSpec("U32", "PS", "implementing", D(2021, 3, 1), "test"),
        StageEventSpec("U34", "PS", "launched", D(2021, 3, 5), "test"),
    ]
    allocations = [
        AllocationSpec(
            "PS",
            "C",
            "D3",
            Decimal(100000),
            D(2021, 1, 15),
            disbursements=[(D(2021, 2, 1), Decimal(60000)), (D(2021, 11, 1), Decimal(40000))],
        ),
        AllocationSpec(
            "PS", "D3", "U31", Decimal(20000), D(2021, 2, 1), disbursements=[(D(2021, 3, 1), Decimal(20000))]
        ),
    ]
    return ProgrammeData(regions, [programme], events, [], allocations)


def _report(unit: str, month: dt.date, spent: int, received: int = 0) -> MonthlyReport:
    submitted = dt.datetime.combine(month + dt.timedelta(days=35), dt.time(9))
    return MonthlyReport(
        unit_code=unit,
        month=month,
        submitted_at=submitted,
        submitted_by="测试员",
        stage_code="launched",
        funds_spent=Decimal(spent),
        subsidy_received=Decimal(received),
    )


def add_district_data(engine: Engine) -> None:
    """Write the data of this module's docstring on top of the shared test programme."""
    load_programme_data(engine, district_data())
    submit_report(engine, _report("U31", D(2021, 1, 1), 5000))
    submit_report(engine, _report("U31", D(2021, 3, 1), 8000, 20000))
    correct_report(engine, _report("U31", D(2021, 3, 1), 9000, 20000), "支出应为9000元")
    submit_report(engine, _report("U32", D(2021, 2, 1), 1000))


@pytest.fixture
def district_engine(programme_engine) -> Engine:
    add_district_data(programme_engine)
    return programme_engine


def _programme_id(engine: Engine, code: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(Programme.id).where(Programme.code == code))


def test_stage_catalogue_in_path_order(engine):
    stages = stage_catalogue(engine)
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
    if district_engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    d3 = find_region(district_engine, "D3")
    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(district_engine, "before_cursor_execute", capture)
    try:
        unit_subsidies(district_engine, d3, D(2021, 7, 31))
        stage_events(district_engine, d3, D(2021, 7, 31))
    finally:
        event.remove(district_engine, "before_cursor_execute", capture)
    with district_engine.connect() as connection:
        for statement, parameters in captured:
            plan = [
                row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            ]
            assert not any(step.startswith(("SCAN report", "SCAN stage_event")) for step in plan), plan
