"""The monthly circular's fixture: a small two-year programme in the database for the
figures, and a hand-built ranking of its four units for the content and the documents.

Database (:func:`load_circular_programme`, on the bare catalogue): 圆市 (city Y) with
甲县 (K1: 街道A1, 街道A2) and 乙区 (K2: 街道B1, 街道B2).  Programme PC runs 2014-01-01 to
2015-12-31, reports due on the 10th; A1, A2 and B1 enrolled 2014-01-01, B2 2015-06-01.
The circular is of report month 2015-09, judged at the end of 2015-10-10.

Reports (submitted; domain counts accidents/injuries/deaths in 'traffic'):
- A1 2014-08 (2014-09-05): 1 accident, 2 injuries.  A1 2014-09 (2014-10-05): 2, 1.
- A2 2014-09 (2014-10-08): nothing.
- A1 2015-08 (2015-09-05, on time): 1 accident; hazards 4 found, 3 rectified.
- A2 2015-08 (2015-09-20, late): hazards 2 found, 2 rectified.
- A1 2015-09 (2015-10-09, on time): 3 accidents, 2 injuries, 1 death; hazards 5 / 2;
  corrected on 2015-10-20 to 4 accidents (after the judgement: not counted).
- A2 2015-09 (2015-10-10 23:59:59, the deadline's last second: on time): 1 accident.
- B1 2015-09 (2015-10-11: after the judgement, so missing then).  B2 never reports.

Worked by hand, as judged at 2015-10-10 end:
- Units enrolled by 2015-09-30: 4.
- September's reports: owed 4, on time 2 (A1, A2), late 0, missing 2 (B1, B2).
- August's, judged at 2015-09-10 end: owed 4, on time 1 (A1), missing 3 (A2 came on
  09-20, B1, B2).
- 2015 to September: owed 9 × 3 (A1, A2, B1) + 4 (B2, June–September) = 31; on time 3
  (A1 Aug, A1 Sep, A2 Sep), late 1 (A2 Aug), missing 27.
- Reports known per month: 2015-09: 2 (A1, A2), 2015-08: 2, 2014-09: 2, 2014-08: 1;
  Jan–Sep 2015: 4, Jan–Sep 2014: 3.
- Accidents: month 3 + 1 = 4; 环比 August 1 (2 reports each) → +3 (+300.0%); 同比
  September 2014 2 (2 reports each) → +2 (+100.0%); year to date 5 against 3, but 4
  reports against 3: not comparable (base 3 kept).
- Injuries: month 2; 环比 0 → +2, no percentage; 同比 1 → +1 (+100.0%); year 2 vs 3.
- Deaths: month 1; 环比 0 → +1; 同比 0 → +1.
- Hazards found: month 5, 环比 6 (4 + 2) → −1 (−16.7%); year 11.  Rectified: 2, 环比 5
  → −3 (−60.0%); year 7.
- Stages on 2015-09-30: K1 implementing 1 (A1: launched 2014-03-01, implementing
  2014-06-01), launched 1 (A2, 2015-02-01); K2 not started 2.
- Titles on 2015-09-30: A1 provincial, named 2015-09-15 → provincial 1.
- Subsidy by 2015-09-30: K1 100,000 from Y (2015-03-01; 60,000 paid 2015-04-01, 40,000
  on 2015-11-01) and 20,000 from K1 to A1 (2015-05-01, paid 2015-05-10) → allocated
  120,000, disbursed 80,000; K2 50,000 (2015-03-01), none paid → 50,000 and 0; Y → K2
  30,000 on 2015-10-05 comes after the month.
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
    TitleSpec,
    load_programme_data,
)
from data_access.submissions import MonthlyReport
from oversight.circular.figures import (
    Change,
    CircularFigures,
    CountyFigures,
    Outcome,
    ReportCounts,
    StageCount,
    TitleCount,
)
from oversight.ranking.method import DEFAULT_METHOD
from oversight.ranking.results import ComponentScore, CountyRank, Fact, Ranking, UnitRank
from tests.writing import correct_report, submit_report

D = dt.date
SEPTEMBER = D(2015, 9, 1)


def programme_data() -> ProgrammeData:
    regions = [
        RegionSpec("P", "测试省", "province", "province", name_en="Test Province"),
        RegionSpec("Y", "圆市", "city", "city", "P", "Round City"),
        RegionSpec("K1", "甲县", "county", "county", "Y", "County One"),
        RegionSpec("K2", "乙区", "county", "district", "Y", "District Two"),
        RegionSpec("A1", "街道A1", "unit", "street", "K1", "Street A1"),
        RegionSpec("A2", "街道A2", "unit", "street", "K1", "Street A2"),
        RegionSpec("B1", "街道B1", "unit", "street", "K2", "Street B1"),
        RegionSpec("B2", "街道B2", "unit", "street", "K2", "Street B2"),
    ]
    programme = ProgrammeSpec(
        code="PC",
        name_zh="圆市安全社区建设方案",
        name_en="Round City programme",
        region_code="Y",
        level_code="provincial",
        scheme=("abc", 1),
        start_date=D(2014, 1, 1),
        end_date=D(2015, 12, 31),
        report_deadline_day=10,
        source="hand-written test fixture",
        units=[
            EnrolmentSpec("A1", D(2014, 1, 1), True),
            EnrolmentSpec("A2", D(2014, 1, 1)),
            EnrolmentSpec("B1", D(2014, 1, 1)),
            EnrolmentSpec("B2", D(2015, 6, 1)),
        ],
    )
    events = [
        StageEventSpec("A1", "PC", "launched", D(2014, 3, 1), "test"),
        StageEventSpec("A1", "PC", "implementing", D(2014, 6, 1), "test"),
        StageEventSpec("A2", "PC", "launched", D(2015, 2, 1), "test"),
    ]
    titles = [TitleSpec("A1", "provincial", D(2015, 9, 15), "S-A1", D(2020, 9, 14))]
    allocations = [
        AllocationSpec(
            "PC",
            "Y",
            "K1",
            Decimal(100000),
            D(2015, 3, 1),
            disbursements=[(D(2015, 4, 1), Decimal(60000)), (D(2015, 11, 1), Decimal(40000))],
        ),
        AllocationSpec(
            "PC", "K1", "A1", Decimal(20000), D(2015, 5, 1), disbursements=[(D(2015, 5, 10), Decimal(20000))]
        ),
        AllocationSpec("PC", "Y", "K2", Decimal(50000), D(2015, 3, 1)),
        AllocationSpec("PC", "Y", "K2", Decimal(30000), D(2015, 10, 5)),
    ]
    return ProgrammeData(regions, [programme], events, titles, allocations)


def _report(unit: str, month: dt.date, at: dt.datetime, accidents=0, injuries=0, deaths=0, found=0, fixed=0):
    domains = {"traffic": (0, accidents, injuries, deaths)} if accidents or injuries or deaths else {}
    return MonthlyReport(
        unit_code=unit,
        month=month,
        submitted_at=at,
        submitted_by="测试员",
        stage_code="launched",
        hazards_found=found,
        hazards_rectified=fixed,
        domains=domains,
    )


def load_circular_programme(engine: Engine) -> None:
    """Write this module's programme and reports on a database holding the catalogue."""
    load_programme_data(engine, programme_data())
    at = dt.datetime
    for report in (
        _report("A1", D(2014, 8, 1), at(2014, 9, 5, 9), accidents=1, injuries=2),
        _report("A1", D(2014, 9, 1), at(2014, 10, 5, 9), accidents=2, injuries=1),
        _report("A2", D(2014, 9, 1), at(2014, 10, 8, 9)),
        _report("A1", D(2015, 8, 1), at(2015, 9, 5, 9), accidents=1, found=4, fixed=3),
        _report("A2", D(2015, 8, 1), at(2015, 9, 20, 9), found=2, fixed=2),
        _report("A1", SEPTEMBER, at(2015, 10, 9, 9), accidents=3, injuries=2, deaths=1, found=5, fixed=2),
        _report("A2", SEPTEMBER, at(2015, 10, 10, 23, 59, 59), accidents=1),
        _report("B1", SEPTEMBER, at(2015, 10, 11, 9)),
    ):
        submit_report(engine, report)
    correction = _report(
        "A1", SEPTEMBER, at(2015, 10, 20, 9), accidents=4, injuries=2, deaths=1, found=5, fixed=2
    )
    correct_report(engine, correction, "事故数应为4起")


# --- the figures and the ranking, built by hand ------------------------------------------

FIGURES = CircularFigures(
    region_code="Y",
    region_zh="圆市",
    region_en="Round City",
    programme_code="PC",
    programme_zh="圆市安全社区建设方案",
    programme_en="Round City programme",
    month=SEPTEMBER,
    judged_at=dt.datetime(2015, 10, 10, 23, 59, 59, 999999),
    units=4,
    reports_month=ReportCounts(owed=4, on_time=2, late=0, missing=2),
    reports_previous_month=ReportCounts(owed=4, on_time=1, late=0, missing=3),
    reports_year=ReportCounts(owed=31, on_time=3, late=1, missing=27),
    outcomes=(
        Outcome("accidents", 4, 5, Change(1, 3, 300.0), Change(2, 2, 100.0), Change(3, None, None)),
        Outcome("injuries", 2, 2, Change(0, 2, None), Change(1, 1, 100.0), Change(3, None, None)),
        Outcome("deaths", 1, 1, Change(0, 1, None), Change(0, 1, None), Change(0, None, None)),
        Outcome("hazards_found", 5, 11, Change(6, -1, -16.7), Change(0, 5, None), Change(0, None, None)),
        Outcome("hazards_rectified", 2, 7, Change(5, -3, -60.0), Change(0, 2, None), Change(0, None, None)),
    ),
    counties=(
        CountyFigures(
            "K1",
            "甲县",
            "County One",
            2,
            (
                StageCount("launched", "备案启动", "Registered, launched", 1),
                StageCount("implementing", "推进实施", "Implementing", 1),
            ),
            120000.0,
            80000.0,
        ),
        CountyFigures(
            "K2",
            "乙区",
            "District Two",
            2,
            (StageCount("not_started", "未启动", "Not started", 2),),
            50000.0,
            0.0,
        ),
    ),
    titles=(TitleCount("provincial", "省级安全社区", "Provincial", 1),),
)
"""The figures of the docstring, as :func:`data_access.circular_figures.circular_figures`
must read them from the database."""


def _component(code: str, score: float | None, facts: tuple[Fact, ...] = ()) -> ComponentScore:
    weight = DEFAULT_METHOD.weights[code]
    return ComponentScore(
        code, weight, score, 0.0 if score is None else round(score * weight / 100, 2), facts
    )


def _components(stages, assessment, activities, reporting, hazards, facts=None) -> tuple[ComponentScore, ...]:
    facts = facts or {}
    scores = dict(
        stages=stages, assessment=assessment, activities=activities, reporting=reporting, hazards=hazards
    )
    return tuple(_component(code, score, tuple(facts.get(code, ()))) for code, score in scores.items())


def _unit(
    unit_id, code, county, components, total, band, rank, county_rank, previous, listing, **more
) -> UnitRank:
    county_id, county_code, county_zh, county_en = county
    return UnitRank(
        unit_id=unit_id,
        unit_code=code,
        unit_zh=more.pop("unit_zh", f"街道{code}"),
        unit_en=f"Street {code}",
        county_id=county_id,
        county_code=county_code,
        county_zh=county_zh,
        county_en=county_en,
        components=components,
        total=total,
        band=band,
        vetoes=more.pop("vetoes", ()),
        rank=rank,
        county_rank=county_rank,
        previous_rank=previous,
        listing=listing,
        listed_again=more.pop("listed_again", False),
        times_listed=more.pop("times_listed", 1 if listing else 0),
        lifts=more.pop("lifts", ()),
    )


K1 = (10, "K1", "甲县", "County One")
K2 = (20, "K2", "乙区", "District Two")
MISSING_SEPTEMBER = Fact("report.missing", {"month": "2015-09-01"})
OVERDUE = Fact(
    "stage.overdue",
    {"stage_zh": "推进实施阶段", "stage_en": "Implementation", "planned_end": "2015-06-30", "days": 92},
)
INSPECTIONS = Fact(
    "rule.not_met",
    {
        "rule": "inspections",
        "name_zh": "综合性安全检查全年不少于4次",
        "name_en": "At least 4 comprehensive inspections a year",
        "value": 1,
        "required": 3,
        "period_start": "2015-01-01",
        "period_end": "2015-12-01",
        "verdict": "violated",
    },
)


def ranking(**names: str) -> Ranking:
    """The ranking of September 2015 by the default method (weights 25/25/20/15/15),
    worked by hand; ``names`` renames units by code (the formula guard's test).

    - 街道A2 (甲县): 100, 96, 100, 90, 100 → 25 + 24 + 20 + 13.5 + 15 = 97.5, 优秀; rank 1
      (2 in August), red list; its August report came 10 days late.
    - 街道A1 (甲县): 100, 96, 100, 100, 40 → 25 + 24 + 20 + 15 + 6 = 90, but a death in
      September vetoes it: 不达标, ranked after every unit without a veto: rank 2 (1 in
      August), black list; 3 hazards open (5 found, 2 rectified).  Lifts (as the method
      words them): the veto; 5 points to 优秀; rectifying the 3 open hazards, 60 more on
      hazards × 15% = 9 points.
    - 街道B2 (乙区): 80, 84, 75, 80, 100 → 20 + 21 + 15 + 12 + 15 = 83, September missing:
      vetoed, rank 3, black; not ranked in August.  7 points to 良好; the missing report
      would give half its share of reporting back (1.5 points).
    - 街道B1 (乙区): 60, 80, 50, 50, 100 → 15 + 20 + 10 + 7.5 + 15 = 67.5, September
      missing: vetoed, rank 4 (4 in August), black for the second month running (2 times);
      推进实施阶段 92 days overdue; 1 of 3 comprehensive inspections (2 more by December:
      5 points).  12.5 points to 达标.
    - 甲县: mean (97.5 + 90) / 2 = 93.75, attainment 50 → 0.7 × 93.75 + 0.3 × 50 =
      80.63 (80.625), 达标, rank 1.  乙区: mean (83 + 67.5) / 2 = 75.25, attainment 0 →
      52.68 (52.675), 不达标, rank 2.
    """
    names = {code: names.get(code, f"街道{code}") for code in ("A1", "A2", "B1", "B2")}
    units = (
        _unit(
            2,
            "A2",
            K1,
            _components(
                100,
                96,
                100,
                90,
                100,
                {"reporting": [Fact("report.late", {"month": "2015-08-01", "days": 10})]},
            ),
            97.5,
            "excellent",
            1,
            1,
            2,
            "red",
            unit_zh=names["A2"],
        ),
        _unit(
            1,
            "A1",
            K1,
            _components(
                100,
                96,
                100,
                100,
                40,
                {"hazards": [Fact("hazards.open", {"found": 5, "rectified": 2, "open": 3})]},
            ),
            90.0,
            "fail",
            2,
            2,
            1,
            "black",
            unit_zh=names["A1"],
            vetoes=(Fact("veto.fatal_accident", {"month": "2015-09-01", "deaths": 1}),),
            lifts=(
                Fact("lift.vetoed", {"vetoes": 1, "band": "good"}),
                Fact("lift.points", {"band": "excellent", "points": 5.0}),
                Fact("lift.hazards", {"open": 3, "points": 9.0}),
            ),
        ),
        _unit(
            4,
            "B2",
            K2,
            _components(80, 84, 75, 80, 100, {"reporting": [MISSING_SEPTEMBER]}),
            83.0,
            "fail",
            3,
            1,
            None,
            "black",
            unit_zh=names["B2"],
            vetoes=(Fact("veto.missing_report", {"month": "2015-09-01"}),),
            lifts=(
                Fact("lift.vetoed", {"vetoes": 1, "band": "pass"}),
                Fact("lift.points", {"band": "good", "points": 7.0}),
                Fact("lift.report", {"month": "2015-09-01", "points": 1.5}),
            ),
        ),
        _unit(
            3,
            "B1",
            K2,
            _components(
                60,
                80,
                50,
                50,
                100,
                {"stages": [OVERDUE], "activities": [INSPECTIONS], "reporting": [MISSING_SEPTEMBER]},
            ),
            67.5,
            "fail",
            4,
            2,
            4,
            "black",
            unit_zh=names["B1"],
            vetoes=(Fact("veto.missing_report", {"month": "2015-09-01"}),),
            lifts=(
                Fact("lift.vetoed", {"vetoes": 1, "band": "fail"}),
                Fact("lift.points", {"band": "pass", "points": 12.5}),
                Fact(
                    "lift.activity",
                    {
                        **{k: INSPECTIONS.values[k] for k in ("rule", "name_zh", "name_en")},
                        "more": 2,
                        "period_end": "2015-12-01",
                        "points": 5.0,
                    },
                ),
            ),
            listed_again=True,
            times_listed=2,
        ),
    )
    counties = (
        CountyRank(10, "K1", "甲县", "County One", 2, 93.75, 50.0, 80.63, "pass", 1, 1, (), ()),
        CountyRank(20, "K2", "乙区", "District Two", 2, 75.25, 0.0, 52.68, "fail", 2, 2, (), ()),
    )
    return Ranking("Y", "圆市", "Round City", "PC", SEPTEMBER, DEFAULT_METHOD, units, counties)
