"""Simulating a unit's monthly reports from its story: when it moved through the stages,
how its self-assessment rises, stalls or falls, how punctual its clerk is and which hard
rules it tends to break.

The self-assessment follows the stages (docs/sample.md): a unit is named only once its
composite score has reached the pass line of the programme's scheme, and held it for the
months before; after naming it rises, stalls or falls; a revoked unit declined first.
Deterministic for a given ``random.Random``; the seed programmes and the synthetic
province both use it, so the dashboards see the same kind of data at either scale.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import pairwise

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
SCHEME = next(s for s in catalogue.load("schemes")["schemes"] if s["code"] == "abc")
PASS_LINE = SCHEME["pass_mark"] / sum(catalogue.scheme_points(SCHEME).values())
"""The share of the A/B/C scheme's points a unit must reach before it applies and is named."""
CHECKED_MONTHS = 3
"""Months before the naming month whose self-assessments already reach the pass line, so
the reviewers read a passing one whichever of them was the latest submitted."""
COURSE_AFTER_NAMING = dt.timedelta(days=180)
"""A unit named closer than this to the end of its reports holds its score until then."""
WEAK_ITEMS = {"participation": "2.4", "satisfaction": "12.3", "inspections": "8.3"}
"""The item a hard rule's weakness shows in: it is among the unit's last to improve."""
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

    ``levels`` are the days and shares of the scheme's points its self-assessment moves
    between (see :func:`self_assessment`); ``passing`` the days between which it holds the
    pass line and reports every month (from before it applies to its last naming);
    ``late`` and ``missing`` are the chances a month's report comes late or not at all;
    ``weak`` names hard rules (codes of the catalogue) the unit sometimes breaks.
    """

    unit_code: str
    first_month: dt.date
    last_month: dt.date
    deadline_day: int
    stages: tuple[tuple[dt.date, str], ...]
    levels: tuple[tuple[dt.date, float], ...] = ()
    passing: tuple[dt.date, dt.date] | None = None
    late: float = 0.1
    missing: float = 0.02
    weak: frozenset[str] = field(default_factory=frozenset)
    subsidy: tuple[tuple[dt.date, Decimal], ...] = ()


@dataclass(frozen=True)
class SelfAssessment:
    """How a unit's self-assessment moves: keypoints and the window it passes in."""

    levels: tuple[tuple[dt.date, float], ...]
    passing: tuple[dt.date, dt.date] | None


def self_assessment(
    stages: tuple[tuple[dt.date, str], ...],
    end: dt.date,
    rng: random.Random,
    namings: tuple[dt.date, ...] = (),
    revoked_on: dt.date | None = None,
    slow: bool = False,
) -> SelfAssessment:
    """The course of a unit's composite score (a share of the scheme's points) from its path.

    ``stages`` is the whole path, also past ``end`` (the programme's last day), so a unit
    named after the programme already works towards it; ``namings`` are the days its titles
    were named (by default the path's "named" steps); ``revoked_on`` the day a title was
    revoked.  The rules are those of docs/sample.md: the score starts low at launch; a unit
    that applies or is named reaches the pass line by the month before it applies, at the
    latest :data:`CHECKED_MONTHS` months before its naming month, and holds it until its
    last naming; after that, if half a year or more of reports is left, it rises, stalls, reaches full
    marks or falls; before a
    revocation it declines below the pass line; a unit that never applies ends below it,
    weak or in between, rising, stalling or falling back.
    """
    launched = _first(stages, "launched")
    if launched is None:
        return SelfAssessment((), None)
    namings = tuple(sorted(namings or (day for day, code in stages if code == "named")))
    applied = _first(stages, "applied")
    levels = [(launched, rng.uniform(0.12, 0.35))]
    if applied is None and not namings:
        span = (end - launched).days
        final = rng.uniform(0.3, 0.6) if slow else rng.uniform(0.4, PASS_LINE - 0.03)
        course = rng.random()
        if course < 0.45:  # stalls: reaches its level, then no more progress
            levels.append((launched + dt.timedelta(days=round(span * rng.uniform(0.25, 0.6))), final))
        elif course < 0.6:  # falls back from a peak
            peak = min(PASS_LINE - 0.02, final + rng.uniform(0.05, 0.15))
            levels.append((launched + dt.timedelta(days=round(span * rng.uniform(0.4, 0.7))), peak))
        levels.append((max(end, launched), final))
        return SelfAssessment(tuple(levels), None)
    reached = [
        day - dt.timedelta(days=1)
        for day in (
            applied.replace(day=1) if applied else None,
            _months_back(namings[0], CHECKED_MONTHS) if namings else None,
        )
        if day is not None
    ]
    due = max(launched, min(reached))
    passed = rng.uniform(PASS_LINE + 0.02, PASS_LINE + 0.14)
    if due == launched:
        levels = [(launched, passed)]
    else:
        levels.append((due, passed))
    last = namings[-1] if namings else due
    if namings:
        levels.append((namings[0], passed + rng.uniform(0.0, 0.04)))
    held = levels[-1][1]
    if revoked_on is not None:
        bottom = min(revoked_on, end) - dt.timedelta(days=30)
        start = max(last + dt.timedelta(days=60), bottom - dt.timedelta(days=rng.randint(210, 390)))
        levels += [(start, held), (max(start, bottom), rng.uniform(0.45, PASS_LINE - 0.08))]
    elif end - last > COURSE_AFTER_NAMING:
        course = rng.random()
        if course < 0.2:  # excellent: full marks some time before the end
            levels.append((last + (end - last) * rng.uniform(0.3, 0.8), 1.0))
        elif course < 0.55:
            levels.append((end, rng.uniform(max(held, 0.86), 0.97)))
        elif course < 0.85:
            levels.append((end, held))
        else:  # falls after naming, without losing the title yet
            levels.append((end, rng.uniform(0.6, PASS_LINE - 0.04)))
    return SelfAssessment(tuple(levels), (due, last))


def _first(stages: tuple[tuple[dt.date, str], ...], code: str) -> dt.date | None:
    return next((day for day, step in stages if step == code), None)


def _months_back(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def level_on(levels: tuple[tuple[dt.date, float], ...], day: dt.date) -> float:
    """The share of points on ``day``, straight between the keypoints, flat outside them."""
    if day <= levels[0][0]:
        return levels[0][1]
    for (start, low), (stop, high) in pairwise(levels):
        if day <= stop:
            return low + (high - low) * (day - start).days / max((stop - start).days, 1)
    return levels[-1][1]


def grades_for(level: float, order: list[str]) -> dict[str, str]:
    """A/B/C per item worth ``level`` of the points: the unit's strongest items first.

    With n items and h = round(2 n level) half-points, about n·level² items are A and the
    rest of the points B, so a weak unit is mostly B and C, a strong one mostly A, and the
    composite is h / 2n (docs/sample.md).
    """
    n = len(order)
    half_points = round(2 * n * level)
    a = min(max(round(n * level * level), half_points - n), half_points // 2)
    b = half_points - 2 * a
    return {item: "A" if i < a else "B" if i < a + b else "C" for i, item in enumerate(order)}


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
    # The unit's items from strongest to weakest; the items of its weak hard rules come last.
    order = sorted(ITEMS, key=lambda item: (item in {WEAK_ITEMS.get(w) for w in story.weak}, rng.random()))
    reports: list[MonthlyReport] = []
    corrections: list[tuple[MonthlyReport, str]] = []
    for month in months_between(story.first_month, story.last_month):
        stage = _stage_at(story.stages, month_end(month))
        active = launched is not None and launched <= month_end(month)
        level = _level(story, month_end(month), rng) if active else 0.0
        checked = (
            story.passing is not None and story.passing[0] <= month_end(month) and month <= story.passing[1]
        )
        if rng.random() < story.missing and not checked:
            continue
        report = _report(story, month, stage, level if active else None, order, clerk, rng)
        reports.append(report)
        if rng.random() < 0.03:
            corrections.append(_correction(report, clerk, rng))
    return reports, corrections


def _level(story: UnitStory, day: dt.date, rng: random.Random) -> float:
    """The month's share of points: the story's course give or take a little, never under
    the pass line while the unit holds it, and full marks only when the course is there."""
    course = level_on(story.levels, day)
    if course >= 1.0:
        return 1.0
    level = min(0.99, max(0.0, course + rng.uniform(-0.03, 0.03)))
    if story.passing is not None and story.passing[0] <= day <= story.passing[1] + dt.timedelta(days=31):
        level = max(level, PASS_LINE + 0.01)
    return level


def _stage_at(stages: tuple[tuple[dt.date, str], ...], day: dt.date) -> str:
    reached = [code for entered, code in stages if entered <= day]
    return reached[-1] if reached else "not_started"


def _report(story, month, stage, level, order, clerk, rng) -> MonthlyReport:
    active = level is not None
    deadline = next_month(month).replace(day=story.deadline_day)
    if rng.random() < story.late:
        day = deadline + dt.timedelta(days=rng.randint(1, 20))
    else:
        day = deadline - dt.timedelta(days=rng.randint(0, story.deadline_day - 1))
    submitted_at = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)))
    weak = story.weak if rng.random() < 0.5 else frozenset()
    quarter_start = month.month % 3 == 1
    hazards = rng.randint(0, 8) if active else 0
    grades = {(item, "overall"): grade for item, grade in grades_for(level, order).items()} if active else {}
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
        volunteers=int(20 + 150 * level) if active else 0,
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
