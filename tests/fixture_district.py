"""A second programme with planned stages on top of tests/fixture_programme.py (whose
programme has none), for the district page's tests and the money tests.

Added to 测试市 (C); the tests work their figures out from this:
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

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Engine

from data_access.loading import (
    AllocationSpec,
    EnrolmentSpec,
    ProgrammeData,
    RegionSpec,
    StageEventSpec,
    StageSpec,
    TargetSpec,
    load_programme_data,
)
from data_access.submissions import MonthlyReport
from tests.fixture_programme import year_programme
from tests.writing import correct_report, submit_report

D = dt.date


def district_data() -> ProgrammeData:
    regions = [
        RegionSpec("D3", "丙区", "county", "district", "C", "District Three"),
        *(RegionSpec(code, f"街道{code}", "unit", "street", "D3") for code in ("U31", "U32", "U33", "U34")),
        RegionSpec("D4", "丁区", "county", "district", "C", "District Four"),
        RegionSpec("U41", "街道U41", "unit", "street", "D4"),
    ]
    programme = year_programme(
        "PS",
        "测试方案二",
        "Second test programme",
        "D3",
        2021,
        [
            EnrolmentSpec("U31", D(2021, 1, 1), True),
            EnrolmentSpec("U32", D(2021, 1, 1)),
            EnrolmentSpec("U33", D(2021, 1, 1)),
            EnrolmentSpec("U34", D(2021, 3, 1)),
        ],
        stages=[
            StageSpec("启动阶段", "Launch", D(2021, 1, 1), D(2021, 1, 31)),
            StageSpec("推进实施阶段", "Implementation", D(2021, 2, 1), D(2021, 6, 30)),
            StageSpec("自评申报阶段", "Self-assessment and application", D(2021, 7, 1), D(2021, 9, 30)),
            StageSpec("巩固提高阶段", "Consolidation", D(2021, 10, 1), D(2021, 12, 31)),
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
