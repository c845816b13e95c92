"""Simulating a unit's monthly reports from its story: when it moved through the stages,
how fast it improves, how punctual its clerk is and which hard rules it tends to break.

Deterministic for a given ``random.Random``; the seed programmes and the synthetic
province both use it, so the dashboards see the same kind of data at either scale.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from data_access.submissions import MonthlyReport
from oversight import catalogue
from oversight.periods import month_end, months_between, next_month

PATH = (
    "launched",
    "implementing",
    "self_assessed",
    "applied",
    "county_reviewed",
    "city_reviewed",
    "onsite_evaluated",
    "named",
)
"""The steps from launch to naming, in the catalogue's order."""
ITEMS = [item["code"] for item in catalogue.items()]
DOMAINS = [d["code"] for d in catalogue.load("reference")["safety_domains"]]
CLERKS = ["王丽", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴刚", "徐慧", "孙强"]
PROGRESS = [
    "召开安全社区创建推进会，落实各成员单位职责。",
    "开展居民安全知识宣传进楼院活动。",
    "完成辖区危险源普查并建立台帐。",
    "组织消防应急疏散演练。",
    "推进老年人防跌倒安全促进项目。",
    "完成安全社区创建档案整理归档。",
]
PROBLEMS = [
    "部分成员单位参与度不高。",
    "伤害监测数据来源不够完整。",
    "志愿者队伍活动不够经常。",
    "隐患整改验证记录不全。",
    "",
]
NEXT_STEPS = [
    "下月开展综合性安全检查。",
    "完善事故与伤害记录制度。",
    "组织安全知识竞赛。",
    "对照评定指标开展自评。",
]
CORRECTIONS = [
    ("inspections", 1, "漏报一次综合性安全检查，予以补报"),
    ("hazards_rectified", 2, "隐患整改数量统计有误，更正"),
    ("education_events", 1, "补报一次居民安全教育活动"),
]


@dataclass(frozen=True)
class UnitStory:
    """What the sample says about one unit; the reports follow from it.

    ``pace`` scales how fast its self-assessment improves once launched (1 is typical);
    ``late`` and ``missing`` are the chances a month's report comes late or not at all;
    ``weak`` names hard rules (codes of the catalogue) the unit sometimes breaks.
    """

    unit_code: str
    first_month: dt.date
    last_month: dt.date
    deadline_day: int
    stages: tuple[tuple[dt.date, str], ...]
    pace: float = 1.0
    late: float = 0.1
    missing: float = 0.02
    weak: frozenset[str] = field(default_factory=frozenset)
    subsidy: tuple[tuple[dt.date, Decimal], ...] = ()


def named_path(
    launch: dt.date, named: dt.date, until: dt.date = dt.date.max
) -> tuple[tuple[dt.date, str], ...]:
    """A path from launch to naming with the intermediate steps spread before ``named``;
    only the steps taken by ``until`` (the programme's end, for a unit named after it)."""
    span = (named - launch).days
    steps = [launch + dt.timedelta(days=round(span * f)) for f in (0, 0.08, 0.6, 0.7, 0.76, 0.82, 0.9)]
    return tuple((day, code) for day, code in zip([*steps, named], PATH, strict=True) if day <= until)


def simulate_stories(
    stories: Iterable[UnitStory], rng: random.Random
) -> tuple[list[MonthlyReport], list[tuple[MonthlyReport, str]]]:
    """The first submissions of all the stories' units, and the corrections made later,
    drawn from ``rng`` story by story so the same seed gives the same reports."""
    reports: list[MonthlyReport] = []
    corrections: list[tuple[MonthlyReport, str]] = []
    for story in stories:
        first, later = simulate_reports(story, rng)
        reports += first
        corrections += later
    return reports, corrections


def simulate_reports(
    story: UnitStory, rng: random.Random
) -> tuple[list[MonthlyReport], list[tuple[MonthlyReport, str]]]:
    """The unit's first submissions, and the corrections made to some of them later."""
    launched = next((day for day, code in story.stages if code == "launched"), None)
    clerk = rng.choice(CLERKS)
    maturity = {item: rng.uniform(0.0, 0.35) for item in ITEMS}
    reports: list[MonthlyReport] = []
    corrections: list[tuple[MonthlyReport, str]] = []
    for month in months_between(story.first_month, story.last_month):
        stage = _stage_at(story.stages, month_end(month))
        active = launched is not None and launched <= month_end(month)
        if active:
            for item in ITEMS:
                maturity[item] = min(1.0, maturity[item] + rng.uniform(0.0, 0.06) * story.pace)
        if rng.random() < story.missing:
            continue
        report = _report(story, month, stage, active, maturity, clerk, rng)
        reports.append(report)
        if rng.random() < 0.03:
            corrections.append(_correction(report, clerk, rng))
    return reports, corrections


def _stage_at(stages: tuple[tuple[dt.date, str], ...], day: dt.date) -> str:
    reached = [code for entered, code in stages if entered <= day]
    return reached[-1] if reached else "not_started"


def _report(story, month, stage, active, maturity, clerk, rng) -> MonthlyReport:
    deadline = next_month(month).replace(day=story.deadline_day)
    if rng.random() < story.late:
        day = deadline + dt.timedelta(days=rng.randint(1, 20))
    else:
        day = deadline - dt.timedelta(days=rng.randint(0, story.deadline_day - 1))
    submitted_at = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)))
    weak = story.weak if rng.random() < 0.5 else frozenset()
    quarter_start = month.month % 3 == 1
    hazards = rng.randint(0, 8) if active else 0
    grades = {}
    if active:
        for item in ITEMS:
            level = maturity[item] + rng.uniform(-0.1, 0.1)
            grades[(item, "overall")] = "A" if level > 0.7 else "B" if level > 0.35 else "C"
        for rule, item in (("participation", "2.4"), ("satisfaction", "12.3"), ("inspections", "8.3")):
            if rule in weak:
                grades[(item, "overall")] = "C"
    domains = {}
    if active:
        for code in rng.sample(DOMAINS, rng.randint(2, 5)):
            domains[code] = (rng.randint(1, 3), rng.randint(0, 2), rng.randint(0, 3))
    received = sum((amount for day_, amount in story.subsidy if day_.replace(day=1) == month), Decimal(0))
    return MonthlyReport(
        unit_code=story.unit_code,
        month=month,
        submitted_at=submitted_at,
        submitted_by=clerk,
        stage_code=stage,
        education_events=_education_events(active, quarter_start, "education" in story.weak, rng),
        trainings=rng.randint(0, 2) if active else 0,
        drills=rng.randint(0, 1) if active else 0,
        inspections=(0 if "inspections" in weak else int(rng.random() < 0.45)) if active else 0,
        hazards_found=hazards,
        hazards_rectified=min(hazards, rng.randint(0, hazards + 1)),
        volunteers=int(20 + 150 * sum(maturity.values()) / len(maturity)) if active else 0,
        reviews_held=int(active and month.month == 12 and "review" not in weak),
        participation_rate=round(rng.uniform(22, 45) if "participation" in weak else rng.uniform(50, 92), 1)
        if active
        else None,
        satisfaction_rate=round(rng.uniform(52, 78) if "satisfaction" in weak else rng.uniform(81, 97), 1)
        if active
        else None,
        funds_spent=Decimal(rng.randint(0, 12) * 1000) if active else Decimal(0),
        subsidy_received=received,
        domains=domains,
        grades=grades,
        progress_text=rng.choice(PROGRESS) if active else "尚未启动创建工作。",
        problems_text=rng.choice(PROBLEMS),
        next_steps_text=rng.choice(NEXT_STEPS),
    )


def _education_events(active: bool, quarter_start: bool, weak: bool, rng: random.Random) -> int:
    """Education falls on the first month of a quarter; a weak unit skips whole quarters."""
    if not active:
        return 0
    if weak:
        return rng.randint(0, 2) if quarter_start else 0
    return rng.randint(1, 3) if quarter_start else rng.randint(0, 1)


def _correction(report: MonthlyReport, clerk: str, rng: random.Random) -> tuple[MonthlyReport, str]:
    name, delta, reason = rng.choice(CORRECTIONS)
    fields = {name: getattr(report, name) + delta}
    if name == "hazards_rectified":
        fields["hazards_found"] = max(report.hazards_found, fields[name])
    later = report.submitted_at + dt.timedelta(days=rng.randint(2, 12), hours=1)
    return replace(report, **fields, submitted_at=later, submitted_by=clerk), reason
