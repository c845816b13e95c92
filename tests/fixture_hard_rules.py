"""A street enrolled mid-year, on top of tests/fixture_programme.py, for judging the hard
rules over calendar periods (docs/rules.md) the same way on every page.

- Programme HR (测试市, 2020-01-01..2021-12-31, reports due the 10th); street U16 of 甲区,
  enrolled 2020-05-01, in no other programme: it owes reports from May 2020.
- U16's reports (every one on time; other fields 0 or empty):

  ======== ========= =========== ======= ============= ============
  month    education inspections reviews participation satisfaction
  ======== ========= =========== ======= ============= ============
  2020-05  1         1           0       —             —
  2020-06  0         1           0       —             —
  2020-07  (no report)
  2020-08  1         1           0       —             —
  2020-09  0         0           0       —             —
  2020-10  0         0           0       —             —
  2020-11  (no report)
  2020-12  1         0           1       —             —
  2021-01  0         1           0       —             —
  2021-02  0         0           0       —             —
  2021-03  (no report)
  2021-04  0         0           0       —             —
  2021-05  0         0           0       70            85
  2021-06  0         1           0       40            59
  ======== ========= =========== ======= ============= ============

Worked by hand:

- 2020 (owed May–Dec, 8 of 12 months): inspections 1+1+1 = 3 against ⌈4 × 8/12⌉ =
  ⌈2.67⌉ = 3 → met; reviews 1 against ⌈1 × 8/12⌉ = 1 → met.
- Education: 2020 Q2 (owed May, Jun) 1 against ⌈1 × 2/3⌉ = 1 → met; Q3 1 → met (July's
  missing report adds nothing); Q4 1 → met; 2021 Q1 0 → not met; 2021 Q2 0 → not met
  once June is over, in progress in April and May.
- 2021 as of June: inspections 1+1 = 2 of 4, the year running → in progress.
- Viewed in June 2021, the heatmap judges education over 2021 Q2 (0: not met),
  inspections and reviews over 2020 (met), participation over June (40 < 50: not met),
  satisfaction over June (59 < 60: failed).  The twelve months to June 2021 held only 3
  inspections (Aug, Jan, Jun), which the rolling window of old judged against 4.
- Viewed in May 2021: education over 2021 Q1 (0: not met); participation 70 and
  satisfaction 85 (> 80) met.
"""

from __future__ import annotations

import datetime as dt

from data_access.loading import EnrolmentSpec, ProgrammeData, ProgrammeSpec, RegionSpec, load_programme_data
from data_access.submissions import MonthlyReport
from tests.writing import submit_report

D = dt.date

REPORTS = {
    D(2020, 5, 1): {"education_events": 1, "inspections": 1},
    D(2020, 6, 1): {"inspections": 1},
    D(2020, 8, 1): {"education_events": 1, "inspections": 1},
    D(2020, 9, 1): {},
    D(2020, 10, 1): {},
    D(2020, 12, 1): {"education_events": 1, "reviews_held": 1},
    D(2021, 1, 1): {"inspections": 1},
    D(2021, 2, 1): {},
    D(2021, 4, 1): {},
    D(2021, 5, 1): {"participation_rate": 70.0, "satisfaction_rate": 85.0},
    D(2021, 6, 1): {"inspections": 1, "participation_rate": 40.0, "satisfaction_rate": 59.0},
}


def load_mid_year(engine) -> None:
    """Add programme HR, street U16 and U16's reports of this module's docstring."""
    load_programme_data(
        engine,
        ProgrammeData(
            regions=[RegionSpec("U16", "街道U16", "unit", "street", "D1", "Street U16")],
            programmes=[
                ProgrammeSpec(
                    code="HR",
                    name_zh="两年方案",
                    name_en="Two-year programme",
                    region_code="C",
                    level_code="national",
                    scheme=("abc", 1),
                    start_date=D(2020, 1, 1),
                    end_date=D(2021, 12, 31),
                    report_deadline_day=10,
                    source="hand-written test fixture",
                    units=[EnrolmentSpec("U16", D(2020, 5, 1))],
                )
            ],
        ),
    )
    for month, values in REPORTS.items():
        submitted = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 5, 10)
        submit_report(
            engine,
            MonthlyReport(
                unit_code="U16",
                month=month,
                submitted_at=submitted,
                submitted_by="街道员",
                stage_code="launched",
                **values,
            ),
        )
