"""A small programme written by hand, so tests can assert figures worked out on paper.

测试市 (city C) has two districts:
- 甲区 (D1) with five streets U11..U15; 乙区 (D2) with two streets U21, U22.
- Programme PR seeks national titles, 2020-01..2020-12, reports due on the 10th.
  Every street is enrolled on 2020-01-01; U11, U12 and U21 are pilots.

Titles (national unless said):
- U11..U14 named 2020-09-01, valid five years;
- U15 named 2020-05-01, revoked 2020-10-01;
- U22 named 2015-01-01, valid until 2019-12-31 (expired before the programme).

Targets, and their verdicts as of 2020-12-31 (worked out by hand):
- T1 share ≥ 80% of D1's streets national by 2020-12-31: 5 streets need ceil(4.0) = 4;
  U11..U14 hold titles (U15 revoked) → 4 achieved, met.  As of 2020-06-30 only U15
  holds one → 1 of 4, not met.
- T2 each district ≥ 1 national by 2020-12-31: D1 has 4, D2 has 0 (U22 expired) →
  D1 met, D2 short by 1; the city: 1 of 2 districts, not met.
- T3 budget 100,000 yuan within C by 2020-12-31: 60,000 allocated to D1 and paid
  2020-03-01; 40,000 allocated to D2, 25,000 paid 2020-06-01 and 15,000 on 2021-01-15
  → 85,000 disbursed by the due date, gap 15,000, not met; 100,000 allocated.
- T4 each district ≥ 1 pilot launched by 2020-03-31: U11 launched 2020-02-01 (D1 met),
  U21 only 2020-04-15 (D2 not) → the city: 1 of 2, not met.
- T5 ≥ 5 national in C by 2021-06-30: 4 hold titles on 2020-12-31 → not met (yet).

Stages: U11 launched 2020-02-01 and implementing 2020-03-01; U12 launched 2020-02-10;
U21 launched 2020-04-15.  On 2020-03-31: D1 has 1 implementing, 1 launched,
3 not started; D2 has 2 not started.

Reports of U11 (deadline the 10th of the next month):
- 2020-01 submitted 2020-02-05 (on time), all 45 items graded A; corrected on
  2020-04-20 with item 1.1 graded C (still on time: the first submission counts);
- 2020-02 submitted 2020-03-15 (late), all A;
- 2020-03 never submitted (missing once 2020-04-10 has passed).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Engine

from data_access.loading import (
    AllocationSpec,
    EnrolmentSpec,
    ProgrammeData,
    ProgrammeSpec,
    RegionSpec,
    StageEventSpec,
    TargetSpec,
    TitleSpec,
    load_programme_data,
)
from data_access.submissions import MonthlyReport
from oversight import catalogue
from tests.writing import correct_report, submit_report

D = dt.date
D1_STREETS = ["U11", "U12", "U13", "U14", "U15"]
D2_STREETS = ["U21", "U22"]
ALL_A = {(item["code"], "overall"): "A" for item in catalogue.items()}
"""Every item graded A on the A/B/C form (one part per item)."""
ALL_PARTS_A = {
    (item["code"], part): "a" for item in catalogue.items() for part in ("existence", "evidence", "effect")
}
"""Every part of every item graded a on the 150-point on-site form."""


def year_programme(
    code: str,
    name_zh: str,
    name_en: str,
    region_code: str,
    year: int,
    units: list[EnrolmentSpec],
    scheme: tuple[str, int] = ("abc", 1),
    **lists: list,
) -> ProgrammeSpec:
    """A national test programme for the calendar ``year``, reports due on the 10th;
    ``lists`` gives its stages or targets."""
    return ProgrammeSpec(
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        region_code=region_code,
        level_code="national",
        scheme=scheme,
        start_date=D(year, 1, 1),
        end_date=D(year, 12, 31),
        report_deadline_day=10,
        source="hand-written test fixture",
        units=units,
        **lists,
    )


def programme_data() -> ProgrammeData:
    regions = [
        RegionSpec("P", "测试省", "province", "province", name_en="Test Province"),
        RegionSpec("C", "测试市", "city", "city", "P", "Test City"),
        RegionSpec("D1", "甲区", "county", "district", "C", "District One"),
        RegionSpec("D2", "乙区", "county", "district", "C", "District Two"),
        *(RegionSpec(code, f"街道{code}", "unit", "street", "D1") for code in D1_STREETS),
        *(RegionSpec(code, f"街道{code}", "unit", "street", "D2") for code in D2_STREETS),
    ]
    pilots = {"U11", "U12", "U21"}
    programme = year_programme(
        "PR",
        "测试方案",
        "Test programme",
        "C",
        2020,
        [EnrolmentSpec(code, D(2020, 1, 1), code in pilots) for code in D1_STREETS + D2_STREETS],
        targets=[
            TargetSpec("T1", "share", "D1", Decimal(80), D(2020, 12, 31), "甲区80%", "80% of D1", "national"),
            TargetSpec(
                "T2",
                "count_per_child",
                "C",
                Decimal(1),
                D(2020, 12, 31),
                "各区1个",
                "1 per district",
                "national",
            ),
            TargetSpec("T3", "budget", "C", Decimal(100000), D(2020, 12, 31), "补助10万元", "100,000 yuan"),
            TargetSpec(
                "T4", "pilots", "C", Decimal(1), D(2020, 3, 31), "各区1个试点", "1 pilot per district"
            ),
            TargetSpec(
                "T5", "count", "C", Decimal(5), D(2021, 6, 30), "全市5个", "5 in the city", "national"
            ),
        ],
    )
    titles = [
        TitleSpec(code, "national", D(2020, 9, 1), f"N-{code}", D(2025, 8, 31)) for code in D1_STREETS[:4]
    ]
    titles += [
        TitleSpec("U15", "national", D(2020, 5, 1), "N-U15", D(2025, 4, 30), revoked_on=D(2020, 10, 1)),
        TitleSpec("U22", "national", D(2015, 1, 1), "N-U22", D(2019, 12, 31)),
    ]
    events = [
        StageEventSpec("U11", "PR", "launched", D(2020, 2, 1), "test"),
        StageEventSpec("U11", "PR", "implementing", D(2020, 3, 1), "test"),
        StageEventSpec("U12", "PR", "launched", D(2020, 2, 10), "test"),
        StageEventSpec("U21", "PR", "launched", D(2020, 4, 15), "test"),
    ]
    allocations = [
        AllocationSpec(
            "PR", "C", "D1", Decimal(60000), D(2020, 2, 1), disbursements=[(D(2020, 3, 1), Decimal(60000))]
        ),
        AllocationSpec(
            "PR",
            "C",
            "D2",
            Decimal(40000),
            D(2020, 2, 1),
            disbursements=[(D(2020, 6, 1), Decimal(25000)), (D(2021, 1, 15), Decimal(15000))],
        ),
    ]
    return ProgrammeData(regions, [programme], events, titles, allocations)


def u11_report(month: dt.date, submitted_at: dt.datetime, grades=None) -> MonthlyReport:
    return MonthlyReport(
        unit_code="U11",
        month=month,
        submitted_at=submitted_at,
        submitted_by="测试员",
        stage_code="launched",
        inspections=1,
        participation_rate=60.0,
        satisfaction_rate=85.0,
        grades=dict(grades or ALL_A),
    )


def load(engine: Engine) -> None:
    load_programme_data(engine, programme_data())
    submit_report(engine, u11_report(D(2020, 1, 1), dt.datetime(2020, 2, 5, 10)))
    submit_report(engine, u11_report(D(2020, 2, 1), dt.datetime(2020, 3, 15, 10)))
    corrected = ALL_A | {("1.1", "overall"): "C"}
    correct_report(engine, u11_report(D(2020, 1, 1), dt.datetime(2020, 4, 20, 9), corrected), "1.1 应为 C")


def add_u12_february(engine: Engine) -> None:
    """U12's February 2020 report, submitted on time: indicator 1's six items B (50),
    the other 39 A, so indicator 1 = 50 and the composite (39 × 100 + 6 × 50) / 45 = 93.33;
    participation 25% (below the 30% fail line: failed) and satisfaction 70% (not above
    80%, not below 60%: not met)."""
    first = [item["code"] for item in catalogue.items()][:6]
    report = MonthlyReport(
        "U12",
        D(2020, 2, 1),
        dt.datetime(2020, 3, 5, 9),
        "测试员",
        "launched",
        participation_rate=25.0,
        satisfaction_rate=70.0,
        grades=ALL_A | {(code, "overall"): "B" for code in first},
    )
    submit_report(engine, report)
