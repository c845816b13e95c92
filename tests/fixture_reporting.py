"""Reports of the test programme's first quarter, for the reporting status page, worked by hand.

On top of tests/fixture_programme.py (测试市: 甲区 D1 with U11..U15, 乙区 D2 with U21, U22;
programme PR, 2020, every street enrolled on 2020-01-01, reports due on the 10th of the
next month at 23:59:59; U11's January report on time on 02-05 and corrected on 04-20, its
February report late on 03-15, its March report never sent), :func:`add_first_quarter` adds:

- a street U23 in 乙区, enrolled on 2020-02-15 in a second programme PR2 (2020-03 to
  2020-12, reports due on the 5th), so it owes March onward only; U22 joins PR2 too on
  2020-03-01, but keeps PR's deadline (the 10th): PR started first;
- U12: January on 2020-02-10 23:59:59 (the deadline's last second: on time), February on
  2020-03-11 00:00:00 (late);
- U21: January on 02-01 and February on 03-09 (on time), February corrected on 03-20;
- U22: March on 2020-04-07 (on time by PR's 10th; it would be late by PR2's 5th);
- U23: March on 2020-04-09 (after PR2's deadline of 04-05: late, once it is in).

Judged at 2020-04-08 12:00 (:data:`AS_OF`), January to March:

| unit | Jan | Feb | Mar |
| --- | --- | --- | --- |
| U11 | on time (its correction comes on 04-20: not yet) | late | pending |
| U12 | on time | late | pending |
| U13, U14, U15 | missing | missing | pending |
| U21 | on time | on time, corrected | pending |
| U22 | missing | missing | on time |
| U23 | — (not owed) | — | missing (due 04-05, 3 days ago; in only on 04-09) |

Per county (rates over the reports in or overdue; pending ones wait):

- 甲区: Jan owed 5, on time 2, missing 3 → completeness 2/5 = 40%, timeliness 40%;
  Feb owed 5, late 2, missing 3 → 40%, 0%; Mar owed 5, all pending → no rate.
- 乙区: Jan owed 2, on time 1 (U21), missing 1 → 50%, 50%; Feb the same, 1 corrected;
  Mar owed 3: U22 on time, U23 missing, U21 pending → 1/2 = 50%, 50%.

The chase list of March at that moment: U23 missing (3 days), then pending U11..U15, U21.
The chase list of February: U13, U14, U15, U22, missing 29 days (03-10 to 04-08).

Judged at the end of April (:data:`END_OF_APRIL`): U11's January is corrected, U23's
March late, and all of March's other pending reports missing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from data_access.loading import EnrolmentSpec, ProgrammeData, ProgrammeSpec, RegionSpec, load_programme_data
from data_access.submissions import MonthlyReport
from tests.fixture_programme import ALL_A
from tests.writing import correct_report, submit_report

D, T = dt.date, dt.datetime
JAN, FEB, MAR = D(2020, 1, 1), D(2020, 2, 1), D(2020, 3, 1)
AS_OF = T(2020, 4, 8, 12)
END_OF_APRIL = T.combine(D(2020, 4, 30), dt.time.max)


def report(unit: str, month: dt.date, at: dt.datetime) -> MonthlyReport:
    return MonthlyReport(unit, month, at, "测试员", "launched", grades=dict(ALL_A))


def add_first_quarter(engine: Engine) -> None:
    load_programme_data(
        engine,
        ProgrammeData(
            regions=[RegionSpec("U23", "街道U23", "unit", "street", "D2", "Street U23")],
            programmes=[
                ProgrammeSpec(
                    code="PR2",
                    name_zh="测试方案二",
                    name_en="Test programme two",
                    region_code="C",
                    level_code="national",
                    scheme=("abc", 1),
                    start_date=MAR,
                    end_date=D(2020, 12, 31),
                    report_deadline_day=5,
                    source="hand-written test fixture",
                    units=[EnrolmentSpec("U23", D(2020, 2, 15)), EnrolmentSpec("U22", MAR)],
                )
            ],
        ),
    )
    submit_report(engine, report("U12", JAN, T(2020, 2, 10, 23, 59, 59)))
    submit_report(engine, report("U12", FEB, T(2020, 3, 11, 0, 0, 0)))
    submit_report(engine, report("U21", JAN, T(2020, 2, 1, 9)))
    submit_report(engine, report("U21", FEB, T(2020, 3, 9, 9)))
    correct_report(engine, report("U21", FEB, T(2020, 3, 20, 9)), "隐患数填错")
    submit_report(engine, report("U22", MAR, T(2020, 4, 7, 9)))
    submit_report(engine, report("U23", MAR, T(2020, 4, 9, 9)))
