"""A synthetic province for benchmarks: thousands of units and years of monthly reports.

The dashboards must stay fast at province scale (docs/domain.md §10: a few thousand units,
one report per unit per month), so this builds one made-up province of that size through
the same write paths as real data.  Everything is marked sample: regions and programmes
carry ``is_sample``, names start with 示例 and codes with 99, a prefix no real province
uses, so it can sit beside the seed programmes without clashing.

Each city runs one programme; its targets (pilots, budget, count per county, count,
share) fall due at different points of the programme and the cities differ in pace and
in how punctually they pay, so some targets are met, some missed and some still open.
The programme data is written in one transaction, then the reports one county per
transaction, so memory stays bounded whatever the scale.  The same seed gives the same
province: every generator is a ``random.Random`` seeded with an integer drawn from it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import groupby, pairwise

from sqlalchemy import Engine, select

from data_access.loading import (
    AllocationSpec,
    EnrolmentSpec,
    ProgrammeData,
    ProgrammeSpec,
    RegionSpec,
    StageEventSpec,
    StageReviewSpec,
    StageSpec,
    TargetSpec,
    TitleSpec,
    write_programme_data,
)
from data_access.models import Region
from data_access.submissions import write_corrections, write_reports
from oversight.periods import month_end, next_month
from sample_data import DEFAULT_SEED, SampleExists
from sample_data.paths import office, path_specs
from sample_data.simulation import UnitStory, named_path, self_assessment, simulate_stories

LAST_MONTH = dt.date(2025, 12, 1)
PROVINCE_CODE = "990000"
CITIES = 12
COUNTY_SIZE = (20, 30)
PILOTS_PER_COUNTY = 2
LAGGING_CITIES = 0.3
"""Share of the cities that launch some pilots late, and share that pay their subsidy late."""
MAX_CODE = 99
"""City and county numbers are two digits of the region code."""

LEVELS = {
    # level code: (Chinese name, certificate prefix, years a title is valid, naming reward in yuan)
    "national": ("全国安全社区", "示例全国安社", 5, Decimal(100000)),
    "provincial": ("省级安全社区", "示例省安社", 3, Decimal(50000)),
}
COUNTY_KINDS = {
    # kind: (Chinese suffix, English word, share of its units that are townships)
    "district": ("区", "District", 0.0),
    "county": ("县", "County", 0.65),
    "park": ("园区", "Park", 0.2),
}
STAGES = (
    # programme stage, fraction of the span at which it ends
    ("启动阶段", "Launch", 0.04),
    ("推进实施阶段", "Implementation", 0.4),
    ("自评申报阶段", "Self-assessment and application", 0.6),
    ("评定命名阶段", "Evaluation and naming", 0.75),
    ("巩固提高阶段", "Consolidation", 1.0),
)
WEAK_RULES = ("inspections", "participation", "satisfaction", "education", "review")
PILOT_SUBSIDY = {"county": Decimal(30000), "city": Decimal(20000)}
REVIEWERS = "示例省安全社区评定组"


@dataclass(frozen=True)
class _County:
    """A county's units as the report writer needs them: one transaction per county."""

    city_name: str
    seed: int
    stories: tuple[UnitStory, ...]


@dataclass
class _Province:
    """The plan: programme data written at once, then counties written one by one."""

    data: ProgrammeData = field(default_factory=ProgrammeData)
    counties: list[_County] = field(default_factory=list)


def load_province(
    engine: Engine,
    units: int,
    months: int,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Build a synthetic province of ``units`` units reporting for ``months`` months to 2025-12.

    Returns the counts written: units, reports (first submissions), corrections and
    grades (item grades of both).  ``progress`` receives a short line per city.
    Refuses to load a second synthetic province into the same database.
    """
    if units < 1 or months < 1:
        raise ValueError("合成省份的单位数和月数须为正整数")
    say = progress or (lambda _line: None)
    province = _plan(units, months, random.Random(seed))
    with engine.begin() as connection:
        if connection.scalar(select(Region.id).where(Region.code == PROVINCE_CODE)) is not None:
            raise SampleExists(f"合成省份（地区编码 {PROVINCE_CODE}）已在数据库中，未重复加载")
        write_programme_data(connection, province.data)
    say(f"区划与方案已写入：{units} 个单位，{len(province.data.programmes)} 个创建方案")
    counts = {"units": units, "reports": 0, "corrections": 0, "grades": 0}
    for city_name, counties in groupby(province.counties, key=lambda county: county.city_name):
        city_reports = 0
        for county in counties:
            written = _write_county(engine, county)
            city_reports += written["reports"]
            for name, value in written.items():
                counts[name] += value
        say(f"{city_name}：{city_reports} 份月报，累计 {counts['reports']} 份")
    return counts


def _write_county(engine: Engine, county: _County) -> dict[str, int]:
    """Simulate and write one county's reports and corrections in one transaction."""
    reports, corrections = simulate_stories(county.stories, random.Random(county.seed))
    with engine.begin() as connection:
        write_reports(connection, reports)
        write_corrections(connection, corrections)
    return {
        "reports": len(reports),
        "corrections": len(corrections),
        "grades": sum(len(r.grades) for r in reports) + sum(len(r.grades) for r, _ in corrections),
    }


# --- planning ----------------------------------------------------------------------------


def _plan(units: int, months: int, rng: random.Random) -> _Province:
    """The whole province as specs and stories; nothing touches the database here."""
    first_month = _months_before(LAST_MONTH, months - 1)
    start, end = first_month, month_end(LAST_MONTH)
    sizes = _county_sizes(units, rng)
    cities = max(min(CITIES, len(sizes)), -(-len(sizes) // MAX_CODE))
    if cities > MAX_CODE:
        raise ValueError(f"合成省份最多约 {MAX_CODE * MAX_CODE * COUNTY_SIZE[1]} 个单位")
    province = _Province()
    province.data.regions.append(
        RegionSpec(PROVINCE_CODE, "示例省", "province", "province", name_en="Sample Province", is_sample=True)
    )
    # A fixed share of the cities lags, so every seed shows some targets missed and some met.
    lax = set(rng.sample(range(1, cities + 1), round(LAGGING_CITIES * cities)))
    late_payers = set(rng.sample(range(1, cities + 1), round(LAGGING_CITIES * cities)))
    serial = 0
    for city_no, city_sizes in enumerate(_split(sizes, cities), start=1):
        city = _CityPlanner(city_no, start, end, rng, lax=city_no in lax, pays_late=city_no in late_payers)
        for county_no, size in enumerate(city_sizes, start=1):
            province.counties.append(city.add_county(county_no, range(serial + 1, serial + size + 1)))
            serial += size
        city.finish(province.data)
    return province


def _months_before(month: dt.date, count: int) -> dt.date:
    """The first day of the month ``count`` months before ``month``."""
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def _county_sizes(units: int, rng: random.Random) -> list[int]:
    """Units per county, about 20–30 each, summing to ``units`` (largest remainder)."""
    counties = max(1, round(units / (sum(COUNTY_SIZE) / 2)))
    weights = [rng.uniform(*COUNTY_SIZE) for _ in range(counties)]
    shares = [units * w / sum(weights) for w in weights]
    sizes = [int(s) for s in shares]
    by_remainder = sorted(range(counties), key=lambda i: sizes[i] - shares[i])
    for i in by_remainder[: units - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _split(sizes: list[int], parts: int) -> list[list[int]]:
    """Consecutive runs of ``sizes`` of nearly equal length, so each city numbers its counties."""
    bounds = [round(i * len(sizes) / parts) for i in range(parts + 1)]
    return [sizes[a:b] for a, b in pairwise(bounds)]


def _add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; days past the 28th move back so 29 February never fails."""
    return dt.date(day.year + years, day.month, min(day.day, 28))


class _CityPlanner:
    """One city and its programme: regions, enrolments, paths, titles, money and stories.

    A city's ``speed`` scales how long its units take to be named, ``pays_late`` says
    that its share of the pilot subsidy arrives after the budget target's due date, and
    ``lax`` that some of its counties launch a pilot late; so the cities differ in what
    they attain.
    """

    def __init__(
        self, number: int, start: dt.date, end: dt.date, rng: random.Random, lax: bool, pays_late: bool
    ):
        self.rng = rng
        self.start, self.end = start, end
        self.span = (end - start).days
        self.code = f"99{number:02d}00"
        self.name = f"示例市{number:02d}"
        self.number = number
        self.programme_code = f"SIM-99{number:02d}"
        self.level = "national" if rng.random() < 0.35 else "provincial"
        self.deadline_day = rng.randint(5, 10)
        self.speed = rng.uniform(0.7, 1.4)
        self.pays_late = pays_late
        self.lax = lax
        self.budget_due = min(end, max(self.at(0.2), start + dt.timedelta(days=60)))
        self.regions = [
            RegionSpec(
                self.code,
                self.name,
                "city",
                "city",
                PROVINCE_CODE,
                f"Sample City {number:02d}",
                is_sample=True,
            )
        ]
        self.enrolments: list[EnrolmentSpec] = []
        self.events: list[StageEventSpec] = []
        self.titles: list[TitleSpec] = []
        self.reviews: list[StageReviewSpec] = []
        self.county_names: dict[str, str] = {}
        self.allocations: list[AllocationSpec] = []
        self.pilots = 0

    def at(self, fraction: float) -> dt.date:
        """The day that lies ``fraction`` of the way through the programme."""
        return self.start + dt.timedelta(days=round(fraction * self.span))

    def add_county(self, number: int, serials: range) -> _County:
        rng = self.rng
        kind = rng.choices(list(COUNTY_KINDS), weights=(6, 3, 1))[0]
        suffix, word, townships = COUNTY_KINDS[kind]
        code = f"99{self.number:02d}{number:02d}"
        name = f"示例{suffix}{self.number:02d}-{number:02d}"
        self.regions.append(
            RegionSpec(
                code,
                name,
                "county",
                kind,
                self.code,
                f"Sample {word} {self.number:02d}-{number:02d}",
                is_sample=True,
            )
        )
        self.county_names[code] = name
        late_pilot = self.lax and rng.random() < 0.15
        stories = []
        for position, serial in enumerate(serials, start=1):
            unit_kind = "township" if rng.random() < townships else "street"
            unit = f"{code}{position:03d}"
            label = "镇" if unit_kind == "township" else "街道"
            self.regions.append(
                RegionSpec(
                    unit,
                    f"示例{label}{serial:04d}",
                    "unit",
                    unit_kind,
                    code,
                    f"Sample {unit_kind.title()} {serial:04d}",
                    is_sample=True,
                )
            )
            pilot = position <= PILOTS_PER_COUNTY
            self.enrolments.append(EnrolmentSpec(unit, self.start, is_pilot=pilot))
            late = late_pilot and position == PILOTS_PER_COUNTY
            stories.append(self._unit(unit, code, f"{name}安全社区推进办", pilot, late))
        return _County(self.name, rng.getrandbits(63), tuple(stories))

    def _unit(self, unit: str, county: str, office: str, pilot: bool, late: bool) -> UnitStory:
        """A unit's path, titles and money, and the story its reports are simulated from.

        Every launched unit is given the day it would be named; if that falls after the
        programme ends its path stops at the steps reached by then.  Its self-assessment
        follows that path: it reaches the pass line before it applies and is named, and a
        unit that has not applied by the end is weak or in between.
        """
        rng = self.rng
        money: list[AllocationSpec] = []
        if pilot:
            launch = self.start + dt.timedelta(days=rng.randint(65, 100) if late else rng.randint(2, 20))
            building = rng.uniform(0.2, 0.5) * self.span
            self.pilots += 1
            money += self._pilot_subsidy(unit, county, launch)
        elif rng.random() < 0.05:
            launch, building = None, 2.0 * self.span
        else:
            launch = self.at(rng.uniform(0.03, 0.45))
            building = rng.uniform(0.3, 1.3) * self.span * self.speed
        path: tuple[tuple[dt.date, str], ...] = ()
        reviews: list[tuple[dt.date, str, str]] = []
        if launch is not None:
            named = launch + dt.timedelta(days=max(60, round(building)))
            path = named_path(launch, named, until=self.end)
            if named <= self.end:
                reviews, reward = self._titles(unit, named)
                money += reward
        self.allocations += money
        steps = tuple((day, code) for day, code, _ in reviews)
        events, checks = path_specs(unit, self.programme_code, path, office, self._reviewers(county))
        self.events += events
        self.reviews += checks
        self.events += [
            StageEventSpec(unit, self.programme_code, code, day, REVIEWERS, note)
            for day, code, note in reviews
        ]
        assessment = self_assessment(
            path + steps,
            self.end,
            rng,
            revoked_on=next((day for day, code in steps if code == "implementing"), None),
            slow=building > self.span,
        )
        return UnitStory(
            unit_code=unit,
            first_month=self.start,
            last_month=self.end.replace(day=1),
            deadline_day=self.deadline_day,
            stages=path + steps,
            levels=assessment.levels,
            passing=assessment.passing,
            late=rng.choice([0.02, 0.08, 0.15, 0.3]),
            missing=0.05 if building > self.span else 0.015,
            weak=frozenset(rng.sample(WEAK_RULES, rng.randint(1, 2))) if rng.random() < 0.12 else frozenset(),
            subsidy=tuple(payment for allocation in money for payment in allocation.disbursements),
        )

    def _reviewers(self, county: str) -> dict[str, str]:
        """The offices that review a unit's application: its county's (初审), the city's (审核)."""
        return {"county": office(self.county_names[county]), "city": office(self.name)}

    def _titles(
        self, unit: str, named: dt.date
    ) -> tuple[list[tuple[dt.date, str, str]], list[AllocationSpec]]:
        """Title, re-evaluations (复评) and renewals until the programme ends.

        Returns the stages these add to the unit's path (with a note) and the city's
        reward for the first naming.  Most titles are renewed after re-evaluation; a
        revoked unit goes back to implementing.
        """
        rng = self.rng
        _, prefix, years, reward = LEVELS[self.level]
        money = self._reward(unit, named, reward)
        steps: list[tuple[dt.date, str, str]] = []
        certificate, renews = f"{prefix}-{named.year}-{unit}", None
        while True:
            valid_until = _add_years(named, years) - dt.timedelta(days=1)
            title = TitleSpec(
                unit,
                self.level,
                named,
                certificate,
                valid_until,
                self.programme_code,
                renews_certificate_no=renews,
            )
            review = valid_until - dt.timedelta(days=rng.randint(45, 120))
            if review > self.end:
                self.titles.append(title)
                break
            steps.append((review, "re_evaluation", "到期复评"))
            if rng.random() < 0.12:
                revoked = review + dt.timedelta(days=rng.randint(20, 40))
                if revoked <= self.end:
                    reason = "复评未通过，撤销命名（示例数据）"
                    title = replace(title, revoked_on=revoked, revocation_reason=reason)
                    steps.append((revoked, "implementing", reason))
                self.titles.append(title)
                break
            self.titles.append(title)
            renewed = review + dt.timedelta(days=rng.randint(20, 40))
            if renewed > self.end:
                break
            steps.append((renewed, "named", "复评通过，再命名"))
            named, renews = renewed, certificate
            certificate = f"{prefix}-{named.year}R-{unit}"
        return steps, money

    def _pilot_subsidy(self, unit: str, county: str, launch: dt.date) -> list[AllocationSpec]:
        """50,000 yuan per pilot as in Dawukou: 30,000 from the county, 20,000 from the city.

        A city that pays late pays its share after the budget target's due date.
        """
        rng = self.rng
        allocated = min(self.end, launch + dt.timedelta(days=rng.randint(3, 15)))
        county_paid = allocated + dt.timedelta(days=rng.randint(10, 30))
        if self.pays_late:
            city_paid = self.budget_due + dt.timedelta(days=rng.randint(10, 90))
        else:
            city_paid = allocated + dt.timedelta(days=rng.randint(15, 45))
        return [
            AllocationSpec(
                self.programme_code,
                source,
                unit,
                PILOT_SUBSIDY[share],
                allocated,
                note,
                [(paid, PILOT_SUBSIDY[share])] if paid <= self.end else [],
            )
            for share, source, paid, note in (
                ("county", county, county_paid, "试点启动补助（区县财政）"),
                ("city", self.code, city_paid, "试点启动补助（市财政配套）"),
            )
        ]

    def _reward(self, unit: str, named: dt.date, amount: Decimal) -> list[AllocationSpec]:
        """The city's reward for a newly named unit (以奖代补), paid some weeks later."""
        allocated = named + dt.timedelta(days=self.rng.randint(15, 45))
        paid = allocated + dt.timedelta(days=self.rng.randint(20, 90))
        if allocated > self.end:
            return []
        return [
            AllocationSpec(
                self.programme_code,
                self.code,
                unit,
                amount,
                allocated,
                "命名奖励（以奖代补）",
                [(paid, amount)] if paid <= self.end else [],
            )
        ]

    def finish(self, data: ProgrammeData) -> None:
        """Add the city's programme with its stages and targets to ``data``."""
        level_zh = LEVELS[self.level][0]
        units = len(self.enrolments)
        count = max(1, round(units * self.rng.uniform(0.2, 0.35)))
        share = self.rng.choice([50, 60, 70, 80])
        targets = [
            ("pilots", Decimal(PILOTS_PER_COUNTY), min(self.end, month_end(next_month(self.start))), None),
            ("budget", sum(PILOT_SUBSIDY.values()) * self.pilots, self.budget_due, None),
            ("count_per_child", Decimal(1), self.at(0.45), self.level),
            ("count", Decimal(count), self.at(0.7), self.level),
            ("share", Decimal(share), self.end, self.level),
        ]
        descriptions = {
            "pilots": (
                f"各区县至少{PILOTS_PER_COUNTY}个街道（乡镇）启动试点",
                "Every county launches its pilots",
            ),
            "budget": (
                "试点单位启动补助每个5万元（区县3万元、市2万元）全部拨付",
                "Pilot start-up subsidies paid",
            ),
            "count_per_child": (
                f"各区县至少建成1个{level_zh}",
                f"Every county has one {self.level} safe community",
            ),
            "count": (f"全市建成{level_zh}{count}个", f"{count} {self.level} safe communities in the city"),
            "share": (f"{share}%的街道、乡镇达到{level_zh}标准", f"{share}% of units {self.level}"),
        }
        data.regions += self.regions
        data.programmes.append(
            ProgrammeSpec(
                code=self.programme_code,
                name_zh=f"{self.name}安全社区建设实施方案（示例数据）",
                name_en=f"Sample City {self.number:02d} safe community plan (synthetic)",
                region_code=self.code,
                level_code=self.level,
                scheme=("abc", 1),
                start_date=self.start,
                end_date=self.end,
                report_deadline_day=self.deadline_day,
                source="合成数据，用于性能测试（sample_data/province.py）",
                source_en="Synthetic data for performance tests (sample_data/province.py)",
                stages=self._stages(),
                units=self.enrolments,
                targets=[
                    TargetSpec(f"T{i}", shape, self.code, threshold, due, *descriptions[shape], level)
                    for i, (shape, threshold, due, level) in enumerate(targets, start=1)
                ],
                is_sample=True,
            )
        )
        data.stage_events += self.events
        data.stage_reviews += self.reviews
        data.titles += self.titles
        data.allocations += self.allocations

    def _stages(self) -> list[StageSpec]:
        stages, begin = [], self.start
        for name_zh, name_en, fraction in STAGES:
            finish = max(begin, self.at(fraction))
            stages.append(StageSpec(name_zh, name_en, begin, finish))
            begin = finish + dt.timedelta(days=1)
        return stages
