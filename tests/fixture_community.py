"""A few reports of U12's own on top of tests/fixture_programme.py, for one community's
queries and page.

Besides tests/fixture_programme.py (U11's January corrected on 2020-04-20, item 1.1 from
A to C), :func:`load_extra` gives U12 reports with field and domain corrections, a
second programme with planned stages and a subsidy paid to the street itself:

- PR2 (测试市, 2021-01..2021-12, reports due the 10th), stages 启动 2021-01-01..03-31 and
  实施 2021-04-01..12-31; U12 enrolled 2021-01-01.
- An allocation of 30,000 yuan from 甲区 to U12 on 2020-01-15: 20,000 paid 2020-02-01,
  10,000 on 2021-01-10.
- U12's reports (education, trainings, inspections, hazards found/rectified, rates,
  money; domains as (projects, accidents, injuries)):

  ======== ==== ===== ==== ===== ===== ======= ======= ==================================
  month    edu  train insp found fixed partic. satisf. money, domains
  ======== ==== ===== ==== ===== ===== ======= ======= ==================================
  2020-01  1    1     1    4     3     55      85      spent 10,000, received 30,000;
                                                       home (2,1,2), traffic (1,2,3)
  2020-02  0    0     1→2→3 2    2     45      90→88   spent 5,000; home (2,0,1→2)
  2020-04  0    0     0    1     1     25      79      spent 2,500
  2020-05  0    0     0    0     0     50      80      submitted 2020-06-15 (late)
  2020-06  0    0     0    0     0     —       —
  2021-01  2    0     0    0     0     —       —       home (1,3,3)
  2021-02  0    0     0    0     0     —       —       home (1,0,0), traffic (1,1,1)
  ======== ==== ===== ==== ===== ===== ======= ======= ==================================

  February was corrected twice by 审核员: on 2020-03-20 09:30 ("检查次数更正":
  inspections 1 → 2, home injuries 1 → 2) and on 2020-04-01 14:00 ("再次更正":
  inspections 2 → 3, satisfaction 90 → 88).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from data_access.loading import (
    AllocationSpec,
    EnrolmentSpec,
    ProgrammeData,
    StageSpec,
    load_programme_data,
)
from data_access.submissions import MonthlyReport
from tests.fixture_programme import year_programme
from tests.writing import correct_report, submit_report

D = dt.date


def _u12(month: dt.date, submitted: dt.datetime, **values) -> MonthlyReport:
    return MonthlyReport(
        unit_code="U12",
        month=month,
        submitted_at=submitted,
        submitted_by=values.pop("by", "街道员"),
        stage_code="launched",
        **values,
    )


FEBRUARY = {
    "inspections": 1,
    "hazards_found": 2,
    "hazards_rectified": 2,
    "participation_rate": 45.0,
    "satisfaction_rate": 90.0,
    "funds_spent": Decimal(5000),
    "domains": {"home": (2, 0, 1)},
}


def load_extra(engine) -> None:
    """Add the data of this module's docstring to the programme fixture's database."""
    load_programme_data(
        engine,
        ProgrammeData(
            programmes=[
                year_programme(
                    "PR2",
                    "第二期方案",
                    "Second programme",
                    "C",
                    2021,
                    [EnrolmentSpec("U12", D(2021, 1, 1))],
                    stages=[
                        StageSpec("启动", "Launch", D(2021, 1, 1), D(2021, 3, 31)),
                        StageSpec("实施", "Implementation", D(2021, 4, 1), D(2021, 12, 31)),
                    ],
                )
            ],
            allocations=[
                AllocationSpec(
                    "PR",
                    "D1",
                    "U12",
                    Decimal(30000),
                    D(2020, 1, 15),
                    note="街道补助",
                    disbursements=[(D(2020, 2, 1), Decimal(20000)), (D(2021, 1, 10), Decimal(10000))],
                )
            ],
        ),
    )
    at = dt.datetime
    reports = [
        _u12(
            D(2020, 1, 1),
            at(2020, 2, 3, 10),
            education_events=1,
            trainings=1,
            inspections=1,
            hazards_found=4,
            hazards_rectified=3,
            participation_rate=55.0,
            satisfaction_rate=85.0,
            funds_spent=Decimal(10000),
            subsidy_received=Decimal(30000),
            domains={"home": (2, 1, 2), "traffic": (1, 2, 3)},
        ),
        _u12(D(2020, 2, 1), at(2020, 3, 5, 10), **FEBRUARY),
        _u12(
            D(2020, 4, 1),
            at(2020, 5, 6, 10),
            hazards_found=1,
            hazards_rectified=1,
            participation_rate=25.0,
            satisfaction_rate=79.0,
            funds_spent=Decimal(2500),
        ),
        _u12(D(2020, 5, 1), at(2020, 6, 15, 10), participation_rate=50.0, satisfaction_rate=80.0),
        _u12(D(2020, 6, 1), at(2020, 7, 8, 10)),
        _u12(D(2021, 1, 1), at(2021, 2, 5, 10), education_events=2, domains={"home": (1, 3, 3)}),
        _u12(D(2021, 2, 1), at(2021, 3, 5, 10), domains={"home": (1, 0, 0), "traffic": (1, 1, 1)}),
    ]
    for report in reports:
        submit_report(engine, report)
    second = FEBRUARY | {"inspections": 2, "domains": {"home": (2, 0, 2)}}
    correct_report(engine, _u12(D(2020, 2, 1), at(2020, 3, 20, 9, 30), by="审核员", **second), "检查次数更正")
    third = second | {"inspections": 3, "satisfaction_rate": 88.0}
    correct_report(engine, _u12(D(2020, 2, 1), at(2020, 4, 1, 14), by="审核员", **third), "再次更正")
