"""Six streets in two counties, ranked by hand for February and March 2021
(docs/ranking.md's worked example is this fixture).

测评市 (city RC) has 甲县 (K1: streets A1, A2, A3) and 乙县 (K2: B1, B2, B3).  Programme
RK (2021-01-01..2021-12-31, reports due the 10th, national level, A/B/C scheme): every
street enrolled 2021-01-01.  Planned stages: 启动 01-01..01-31 (milestone launched),
找差距、添措施 02-01..02-28 (implementing), 自评申报 03-01..04-30 (applied; pending in
both months).  Target T1: each county ≥ 1 national title by 2021-03-31; A1 is named on
2021-03-15, so on 2021-03-31 K1's row is met and K2's missed.

=====  ==========================  =====================  ============================
unit   stage events                self-assessment (Jan)  reports (submitted; rates)
=====  ==========================  =====================  ============================
A1     launched 01-10, impl 02-10  45 A → 100             Jan–Mar on the 5th
A2     launched 01-10, impl 02-10  27 A + 18 B → 80       Jan–Mar on the 5th
A3     launched 01-10, impl 03-05  45 B → 50              Jan 02-05; Feb 03-15 (late);
                                                          Mar 04-05
B1     as A2                       as A2                  as A2
B2     launched 02-05 (late)       none → 0               Jan 02-05; Feb never;
                                                          Mar 04-20 (after the ranking)
B3     as A1                       as A1                  Jan, Mar complete; Feb without
                                                          satisfaction; Mar participation 25
=====  ==========================  =====================  ============================

Other figures (rates 80 and 90 unless said): January reports education 1 for everybody
but B2, hazards found/rectified A1 2/2, A2 and B1 5/4, B2 2/0; February reports one
inspection for A1, A2, B1, B3.  A1's January report records a death in a traffic
accident (a January veto; February and March do not see it).

February (judged at the end of 2021-03-10).  No activity requirement is due yet (the
running year and quarter ask ⌊minimum × months owed ÷ length⌋: ⌊4 × 2/12⌋ = 0
inspections, ⌊1 × 2/3⌋ = 0 education), so activities do not apply and the other weights
add to 80: points = weight × score ÷ 80.

- A1: stages 100, assessment 100, reporting 100, hazards 100 → 100.00.
- A2, B1: 31.25 + 25 × 80/80 = 25 + 18.75 + 15 × 80/80 = 15 → 90.00 (a tie).
- A3: stages (1 on time + 0 overdue) → 50 → 15.625; assessment 50 → 15.625; reporting
  Jan on time, Feb not in by 03-10 → 50 → 9.375; hazards none found → 100 → 18.75;
  total 59.375 → 59.38; vetoed (Feb report missing).
- B2: stages (启动 late, 找差距 overdue) → 25 → 7.8125; assessment 0; reporting 50 →
  9.375; hazards 0/2 → 0; total 17.1875 → 17.19; vetoed (Feb report missing).
- B3: reporting (1 + ½ incomplete)/2 = 75 → 14.0625; the rest 100 → 95.3125 → 95.31.

Ranks: A1 1, B3 2, A2 3, B1 3 (a tie, listed by code), A3 5, B2 6 (vetoed, after every
unit without a veto).  Bands: A1, B3 excellent; A2, B1 good; A3, B2 fail.  Red: the top
3 places without a veto and ≥ 80: A1, B3, A2, B1 (the tie at 3rd lists both).  Black:
A3, B2 (vetoed; B2 also last).  County ranks: K1 A1 1, A2 2, A3 3; K2 B3 1, B1 2, B2 3.

March (judged at the end of 2021-04-10; every component applies: points = weight ×
score ÷ 100).  Requirements: education 2021 Q1 (complete, ≥ 1) and inspections in the
running year ⌊4 × 3/12⌋ = 1.

- A1: 25 + 25 + 20 + 15 + 15 = 100.00.
- A2, B1: 25 + 20 + 20 + 15 + 15 × 0.8 = 12 → 92.00 (a tie).
- A3: stages (1 on time + ½ late)/2 = 75 → 18.75; assessment 12.5; activities 1 of 2 →
  50 → 10; reporting (1 + ½ late + 1)/3 → 83.33 → 12.5; hazards 15 → 68.75.
- B2: stages 25 → 6.25; assessment 0; activities 0; reporting 1 of 3 → 33.33 → 5;
  hazards 0 → 11.25; vetoed (Mar report missing at 04-10).
- B3: 25 + 25 + 20 + reporting 2.5/3 → 12.5 + 15 = 97.50; vetoed (participation 25 < 30).

Ranks: A1 1, A2 2, B1 2, A3 4, B3 5, B2 6; changes since February A1 0, A2 +1, B1 +1,
A3 +1, B3 −3, B2 0.  Red: A1, A2, B1 (each listed again, 2nd time); black: A3 (below
80; again, 2nd), B3 (veto; on the red list in February: not again, 1st), B2 (again, 2nd).

A3's lifts: 80 − 68.75 = 11.25 points short of pass; one more inspection this year adds
20 × 50/100 = 10.  B2's: vetoed; 68.75 short of pass; rectify the 2 open hazards +15,
one inspection +10 (the education it missed was Q1's, which is over and can no longer be
made good: no lift), reach the overdue 找差距 stage (½ of its half of the stages:
25 × 25/100) +6.25, the Feb and Mar reports +2.5 each.

Counties in March (70 units mean + 30 attainment): K1 mean (100 + 92 + 68.75)/3 =
86.9167, T1 met → 100: 0.7 × 86.9167 + 30 = 90.84 (good); K2 mean (92 + 11.25 + 97.5)/3
= 66.9167, T1 missed → 0: 46.84 (fail).  K1 1, K2 2.  K2's lifts: 33.16 short of pass;
T1 +30; B2 raised to 80: 0.7 × 68.75/3 = 16.04.  K1's: 4.16 short of excellent; A3 to
95: 0.7 × 26.25/3 = 6.125 → 6.13; A2: 0.7 × 3/3 = 0.70.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Engine

from data_access.loading import (
    EnrolmentSpec,
    ProgrammeData,
    ProgrammeSpec,
    RegionSpec,
    StageEventSpec,
    StageSpec,
    TargetSpec,
    TitleSpec,
    load_programme_data,
)
from data_access.submissions import MonthlyReport
from oversight import catalogue
from tests.writing import submit_report

D = dt.date
K1 = ["A1", "A2", "A3"]
K2 = ["B1", "B2", "B3"]
ITEMS = [item["code"] for item in catalogue.items()]
GRADES = {
    "A1": {(code, "overall"): "A" for code in ITEMS},
    "A2": {(code, "overall"): "A" if i < 27 else "B" for i, code in enumerate(ITEMS)},
    "A3": {(code, "overall"): "B" for code in ITEMS},
    "B1": {(code, "overall"): "A" if i < 27 else "B" for i, code in enumerate(ITEMS)},
    "B3": {(code, "overall"): "A" for code in ITEMS},
}
"""January's self-assessments: 45 A = 100, 27 A + 18 B = 36/45 = 80, 45 B = 50."""

HAZARDS = {"A1": (2, 2), "A2": (5, 4), "B1": (5, 4), "B2": (2, 0)}


def programme_data() -> ProgrammeData:
    regions = [
        RegionSpec("RP", "测评省", "province", "province", name_en="Ranking Province"),
        RegionSpec("RC", "测评市", "city", "city", "RP", "Ranking City"),
        RegionSpec("K1", "甲县", "county", "county", "RC", "County One"),
        RegionSpec("K2", "乙县", "county", "county", "RC", "County Two"),
        *(RegionSpec(code, f"街道{code}", "unit", "street", "K1", f"Street {code}") for code in K1),
        *(RegionSpec(code, f"街道{code}", "unit", "street", "K2", f"Street {code}") for code in K2),
    ]
    programme = ProgrammeSpec(
        code="RK",
        name_zh="测评方案",
        name_en="Ranking programme",
        region_code="RC",
        level_code="national",
        scheme=("abc", 1),
        start_date=D(2021, 1, 1),
        end_date=D(2021, 12, 31),
        report_deadline_day=10,
        source="hand-written test fixture",
        stages=[
            StageSpec("启动", "Launch", D(2021, 1, 1), D(2021, 1, 31)),
            StageSpec("找差距、添措施", "Find gaps, add measures", D(2021, 2, 1), D(2021, 2, 28)),
            StageSpec("自评申报", "Self-assess and apply", D(2021, 3, 1), D(2021, 4, 30)),
        ],
        units=[EnrolmentSpec(code, D(2021, 1, 1)) for code in K1 + K2],
        targets=[
            TargetSpec(
                "T1",
                "count_per_child",
                "RC",
                Decimal(1),
                D(2021, 3, 31),
                "各县1个",
                "1 per county",
                "national",
            )
        ],
    )
    events = [
        StageEventSpec(code, "RK", stage, day, "test")
        for code, stage, day in [
            *((c, "launched", D(2021, 1, 10)) for c in ["A1", "A2", "A3", "B1", "B3"]),
            *((c, "implementing", D(2021, 2, 10)) for c in ["A1", "A2", "B1", "B3"]),
            ("A3", "implementing", D(2021, 3, 5)),
            ("B2", "launched", D(2021, 2, 5)),
        ]
    ]
    titles = [TitleSpec("A1", "national", D(2021, 3, 15), "N-A1", D(2026, 3, 14))]
    return ProgrammeData(regions, [programme], events, titles, [])


def reports() -> list[MonthlyReport]:
    """The reports of the module's table, in the order they were submitted."""
    made = []
    for code in K1 + K2:
        found, rectified = HAZARDS.get(code, (0, 0))
        made.append(
            _report(
                code,
                D(2021, 1, 1),
                dt.datetime(2021, 2, 5, 9),
                education_events=0 if code == "B2" else 1,
                hazards_found=found,
                hazards_rectified=rectified,
                grades=GRADES.get(code, {}),
                domains={"traffic": (1, 1, 2, 1)} if code == "A1" else {},
            )
        )
    for code in ["A1", "A2", "B1"]:
        made.append(_report(code, D(2021, 2, 1), dt.datetime(2021, 3, 5, 9), inspections=1))
    made.append(
        _report("B3", D(2021, 2, 1), dt.datetime(2021, 3, 5, 9), inspections=1, satisfaction_rate=None)
    )
    made.append(_report("A3", D(2021, 2, 1), dt.datetime(2021, 3, 15, 9)))
    for code in ["A1", "A2", "A3", "B1"]:
        made.append(_report(code, D(2021, 3, 1), dt.datetime(2021, 4, 5, 9)))
    made.append(_report("B3", D(2021, 3, 1), dt.datetime(2021, 4, 5, 9), participation_rate=25.0))
    made.append(_report("B2", D(2021, 3, 1), dt.datetime(2021, 4, 20, 9)))
    return made


def _report(code: str, month: dt.date, at: dt.datetime, **values) -> MonthlyReport:
    rates = {"participation_rate": 80.0, "satisfaction_rate": 90.0}
    return MonthlyReport(
        unit_code=code,
        month=month,
        submitted_at=at,
        submitted_by="测试员",
        stage_code="launched",
        **(rates | values),
    )


def load_ranking(engine: Engine) -> None:
    """Load the regions, programme and reports of the module's docstring."""
    load_programme_data(engine, programme_data())
    for report in reports():
        submit_report(engine, report)
