"""The three programmes of the seed documents, with their real places, dates and money.

What the seeds state is reproduced as stated (pilot streets, stage dates, targets,
subsidy figures).  What they leave open is invented and marked ``is_sample``: the other
streets of each district, region codes below county level, the units' pace, and which
units were named when.  The story is chosen so that some targets are met, some missed,
and some were at risk along the way.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

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
)
from data_access.submissions import MonthlyReport
from sample_data.paths import office, path_specs
from sample_data.simulation import PATH, UnitStory, named_path, self_assessment

D = dt.date
Paths = dict[str, tuple[tuple[dt.date, str], ...]]
"""Unit code → its stage transitions (day, stage code)."""


@dataclass
class Scenario:
    """One programme's specs plus the stories its units' reports are simulated from, and
    the events written into the simulated reports afterwards (``amend``: a report in,
    the report as it stands out), which draw nothing from the generator."""

    data: ProgrammeData
    stories: list[UnitStory]
    amend: Callable[[MonthlyReport], MonthlyReport] = lambda report: report


def _path(*days: dt.date | None) -> tuple[tuple[dt.date, str], ...]:
    """Stage transitions from dates in :data:`PATH` order; ``None`` ends the path there."""
    stages = []
    for day, code in zip(days, PATH, strict=False):
        if day is None:
            break
        stages.append((day, code))
    return tuple(stages)


DWK_RETURNED = {"640202004": (D(2014, 11, 20),)}
"""长城街道 (a slow pilot) applies in October 2014; the district's preliminary review
sends its application back once before agreeing in January 2015."""


def dawukou(rng: random.Random) -> Scenario:
    """大武口区 2011: four pilot streets, one national by 2011, four national and one WHO by 2015."""
    pilots = [
        ("640202001", "朝阳街道", "Chaoyang Subdistrict"),
        ("640202002", "人民路街道", "Renminlu Subdistrict"),
        ("640202003", "青山街道", "Qingshan Subdistrict"),
        ("640202004", "长城街道", "Changcheng Subdistrict"),
    ]
    others = [
        ("640202005", "长胜街道", "Changsheng Subdistrict", "street"),
        ("640202006", "石嘴山街道", "Shizuishan Subdistrict", "street"),
        ("640202007", "沟口街道", "Goukou Subdistrict", "street"),
        ("640202008", "锦林街道", "Jinlin Subdistrict", "street"),
        ("640202009", "星海镇", "Xinghai Town", "township"),
    ]
    regions = [
        RegionSpec("640000", "宁夏回族自治区", "province", "autonomous_region", name_en="Ningxia"),
        RegionSpec("640200", "石嘴山市", "city", "city", "640000", "Shizuishan"),
        RegionSpec("640202", "大武口区", "county", "district", "640200", "Dawukou District"),
        *(RegionSpec(code, zh, "unit", "street", "640202", en) for code, zh, en in pilots),
        *(RegionSpec(code, zh, "unit", kind, "640202", en, is_sample=True) for code, zh, en, kind in others),
    ]
    start, end = D(2011, 5, 1), D(2015, 12, 31)
    programme = ProgrammeSpec(
        code="DWK-2011",
        name_zh="大武口区安全社区建设工作实施方案",
        name_en="Dawukou District Safe Community plan",
        region_code="640202",
        level_code="national",
        scheme=("abc", 1),
        start_date=start,
        end_date=end,
        report_deadline_day=5,
        source="大武口区人民政府办公室 2011年6月3日印发",
        source_en="Issued by the General Office of the Dawukou District People's Government, 3 June 2011",
        stages=[
            StageSpec("启动阶段", "Launch", D(2011, 5, 1), D(2011, 5, 31)),
            StageSpec("推进实施阶段", "Implementation", D(2011, 6, 1), D(2011, 10, 30)),
            StageSpec(
                "自查、申报和验收阶段", "Self-check, application, acceptance", D(2011, 11, 1), D(2011, 12, 20)
            ),
            StageSpec("全面推进阶段", "Roll-out", D(2012, 1, 1), D(2015, 12, 31)),
        ],
        units=[EnrolmentSpec(code, start, is_pilot=True) for code, *_ in pilots]
        + [EnrolmentSpec(code, D(2012, 1, 1)) for code, *_ in others],
        targets=[
            TargetSpec(
                "T1",
                "count",
                "640202",
                Decimal(1),
                D(2011, 12, 31),
                "2011年底前四个试点街道至少一个通过国家安全社区验收",
                "At least one of the four pilots passes national acceptance by end-2011",
                "national",
            ),
            TargetSpec(
                "T2",
                "count",
                "640202",
                Decimal(4),
                D(2015, 12, 31),
                "到2015年全区建成国家安全社区4个",
                "4 national safe communities by 2015",
                "national",
            ),
            TargetSpec(
                "T3",
                "count",
                "640202",
                Decimal(1),
                D(2015, 12, 31),
                "到2015年建成符合WHO标准的国际安全社区1个",
                "1 international (WHO) safe community by 2015",
                "international",
            ),
            TargetSpec(
                "T4",
                "pilots",
                "640202",
                Decimal(4),
                D(2011, 5, 31),
                "朝阳、人民路、青山、长城四个街道启动试点",
                "Four pilot streets launched by May 2011",
            ),
            TargetSpec(
                "T5",
                "budget",
                "640202",
                Decimal(200000),
                D(2011, 12, 31),
                "每个试点街道5万元启动补助（区财政3万元、市财政2万元）",
                "50,000 yuan start-up subsidy per pilot (30,000 district, 20,000 city)",
            ),
        ],
    )
    named = {
        "640202001": D(2011, 12, 28),  # meets T1
        "640202002": D(2012, 11, 20),
        "640202003": D(2013, 12, 16),
        "640202004": D(2016, 3, 22),  # too late for T2
    }
    paths = {
        code: named_path(D(2011, 5, 10) + dt.timedelta(days=3 * i), named[code])
        for i, code in enumerate(named)
    }
    paths["640202005"] = _path(D(2012, 3, 1), D(2012, 4, 1), D(2014, 10, 8), D(2015, 6, 1))
    paths["640202006"] = _path(D(2012, 5, 1), D(2012, 6, 1), D(2015, 9, 1))
    paths["640202007"] = _path(D(2013, 4, 1), D(2013, 5, 1))
    paths["640202008"] = _path(D(2012, 9, 1), D(2012, 10, 1))
    paths["640202009"] = ()
    titles = [
        TitleSpec(
            code,
            "national",
            day,
            f"全国安全社区-{day.year}-{code[-3:]}",
            day.replace(year=day.year + 5),
            "DWK-2011",
        )
        for code, day in named.items()
    ]
    titles += [
        TitleSpec(
            "640202001", "international", D(2015, 12, 18), "ISC-2015-DWK-01", D(2020, 12, 17), "DWK-2011"
        ),
        TitleSpec(
            "640202001",
            "national",
            D(2016, 12, 20),
            "全国安全社区-2016-001R",
            D(2021, 12, 19),
            "DWK-2011",
            renews_certificate_no="全国安全社区-2011-001",
        ),
    ]
    titles = _revoke(titles, "640202003", D(2017, 6, 30), "复评未通过，撤销命名（示例数据）")
    # After the programme: 朝阳街道's national title is re-evaluated (复评) and renewed,
    # 青山街道's re-evaluation fails and the revocation sends it back to implementing.
    paths["640202001"] += ((D(2016, 10, 20), "re_evaluation"), (D(2016, 12, 20), "named"))
    paths["640202003"] += ((D(2017, 5, 16), "re_evaluation"), (D(2017, 6, 30), "implementing"))
    allocations = []
    for code, *_ in pilots:
        city_paid = Decimal(10000) if code == "640202004" else Decimal(20000)
        allocations += [
            AllocationSpec(
                "DWK-2011",
                "640202",
                code,
                Decimal(30000),
                D(2011, 6, 3),
                "区财政启动补助",
                [(D(2011, 6, 20), Decimal(30000))],
            ),
            AllocationSpec(
                "DWK-2011",
                "640200",
                code,
                Decimal(20000),
                D(2011, 6, 3),
                "市财政配套启动补助",
                [(D(2011, 8, 15), city_paid)],
            ),
        ]
    story = _stories(
        programme, paths, titles, rng, slow={"640202004", "640202007"}, weak={"640202008": {"inspections"}}
    )
    return Scenario(
        _path_data(regions, programme, paths, titles, allocations, returned=DWK_RETURNED),
        _with_subsidy(story, allocations),
    )


SHIJIAZHUANG_STREETS = {
    ("130102", "长安区", "Chang'an District"): [
        ("建北街道", "Jianbei Subdistrict"),
        ("青园街道", "Qingyuan Subdistrict"),
        ("广安街道", "Guang'an Subdistrict"),
        ("育才街道", "Yucai Subdistrict"),
        ("跃进街道", "Yuejin Subdistrict"),
        ("河东街道", "Hedong Subdistrict"),
        ("长丰街道", "Changfeng Subdistrict"),
        ("谈固街道", "Tangu Subdistrict"),
    ],
    ("130103", "桥东区", "Qiaodong District"): [
        ("彭后街道", "Penghou Subdistrict"),
        ("东风街道", "Dongfeng Subdistrict"),
        ("东华街道", "Donghua Subdistrict"),
        ("休门街道", "Xiumen Subdistrict"),
        ("汇通街道", "Huitong Subdistrict"),
        ("中山东路街道", "Zhongshan Donglu Subdistrict"),
    ],
    ("130104", "桥西区", "Qiaoxi District"): [
        ("东里街道", "Dongli Subdistrict"),
        ("中山路街道", "Zhongshanlu Subdistrict"),
        ("南长街道", "Nanchang Subdistrict"),
        ("维明街道", "Weiming Subdistrict"),
        ("友谊街道", "Youyi Subdistrict"),
        ("红旗街道", "Hongqi Subdistrict"),
        ("新石街道", "Xinshi Subdistrict"),
    ],
    ("130105", "新华区", "Xinhua District"): [
        ("革新街街道", "Gexinjie Subdistrict"),
        ("新华路街道", "Xinhualu Subdistrict"),
        ("宁安街道", "Ning'an Subdistrict"),
        ("东焦街道", "Dongjiao Subdistrict"),
        ("西苑街道", "Xiyuan Subdistrict"),
        ("合作路街道", "Hezuolu Subdistrict"),
        ("联盟街道", "Lianmeng Subdistrict"),
    ],
    ("130108", "裕华区", "Yuhua District"): [
        ("裕兴街道", "Yuxing Subdistrict"),
        ("裕强街道", "Yuqiang Subdistrict"),
        ("东苑街道", "Dongyuan Subdistrict"),
        ("建通街道", "Jiantong Subdistrict"),
        ("槐底街道", "Huaidi Subdistrict"),
        ("裕东街道", "Yudong Subdistrict"),
    ],
}


def shijiazhuang(rng: random.Random) -> Scenario:
    """石家庄市 2008: every urban district a national one by 2008, then 80% of streets by 2011."""
    regions = [
        RegionSpec("130000", "河北省", "province", "province", name_en="Hebei"),
        RegionSpec("130100", "石家庄市", "city", "city", "130000", "Shijiazhuang"),
    ]
    start, end = D(2008, 5, 1), D(2011, 12, 31)
    units, paths, titles = [], {}, []
    for (county, name, name_en), streets in SHIJIAZHUANG_STREETS.items():
        regions.append(RegionSpec(county, name, "county", "district", "130100", name_en))
        for i, (street, street_en) in enumerate(streets, start=1):
            code = f"{county}{i:03d}"
            regions.append(RegionSpec(code, street, "unit", "street", county, street_en, is_sample=True))
            pilot = i <= 2
            units.append(EnrolmentSpec(code, start if pilot else D(2009, 4, 1), is_pilot=pilot))
            launch = D(2008, 5, 6) if pilot else D(2009, 4, 1) + dt.timedelta(days=rng.randint(0, 240))
            if county == "130103" and i == 2:
                launch = D(
                    2008, 6, 12
                )  # 桥东区's second pilot starts late: the pilots target is missed there
            if pilot and i == 1 and county != "130103":
                named_on = D(2008, 12, 20)
            elif county == "130102" or rng.random() < 0.62:
                named_on = launch + dt.timedelta(days=rng.randint(420, 900))
            else:
                named_on = None
            if named_on is not None and named_on <= D(2011, 12, 31):
                paths[code] = named_path(launch, named_on)
                titles.append(
                    TitleSpec(
                        code,
                        "national",
                        named_on,
                        f"全国安全社区-{named_on.year}-{code[-6:]}",
                        named_on.replace(year=named_on.year + 5),
                        "SJZ-2008",
                    )
                )
            else:
                paths[code] = _path(
                    launch, launch + dt.timedelta(days=20), D(2011, 9, 15) if rng.random() < 0.5 else None
                )
    programme = ProgrammeSpec(
        code="SJZ-2008",
        name_zh="石家庄市关于认真开展国家级安全社区创建工作的实施意见",
        name_en="Shijiazhuang national safe community implementation opinions",
        region_code="130100",
        level_code="national",
        scheme=("abc", 1),
        start_date=start,
        end_date=end,
        report_deadline_day=10,
        source="石家庄市人民政府办公厅 石政办发〔2008〕57号，2008年5月4日",
        source_en="General Office of the Shijiazhuang Municipal People's Government, Shi Zheng Ban Fa [2008] No. 57, "
        "4 May 2008",
        stages=[
            StageSpec("启动阶段", "Launch", D(2008, 5, 1), D(2008, 5, 10)),
            StageSpec("实施阶段", "Implementation", D(2008, 5, 11), D(2008, 11, 30)),
            StageSpec("评估阶段", "Assessment", D(2008, 12, 1), D(2008, 12, 31)),
            StageSpec("提高阶段", "Consolidation", D(2009, 1, 1), D(2009, 3, 31)),
            StageSpec("全面创建阶段", "Roll-out to 80% of streets", D(2009, 4, 1), D(2011, 12, 31)),
        ],
        units=units,
        targets=[
            TargetSpec(
                "T1",
                "count_per_child",
                "130100",
                Decimal(1),
                D(2008, 12, 31),
                "2008年底各区至少建成一个国家级安全社区",
                "Every urban district has a national safe community by end-2008",
                "national",
            ),
            TargetSpec(
                "T2",
                "share",
                "130100",
                Decimal(80),
                D(2011, 12, 31),
                "再用三年左右时间，市内五区80%的街道达到国家级安全社区标准",
                "80% of the streets of the five urban districts national by 2011",
                "national",
            ),
            TargetSpec(
                "T3",
                "pilots",
                "130100",
                Decimal(2),
                D(2008, 5, 31),
                "各区选定2个以上街道先行试点",
                "Every district launches at least 2 pilot streets by May 2008",
            ),
        ],
    )
    story = _stories(
        programme,
        paths,
        titles,
        rng,
        slow={"130103003", "130105004"},
        weak={"130104005": {"participation"}, "130108003": {"satisfaction", "review"}},
    )
    return Scenario(_path_data(regions, programme, paths, titles), story)


SUINING_UNITS = [
    # county, its name, English, kind, code invented?, candidate, English, kind, named on
    (
        "510903",
        "船山区",
        "Chuanshan District",
        "district",
        False,
        "育才路街道",
        "Yucailu Subdistrict",
        "street",
    ),
    ("510904", "安居区", "Anju District", "district", False, "磨溪镇", "Moxi Town", "township"),
    ("510922", "射洪县", "Shehong County", "county", False, "沱牌镇", "Tuopai Town", "township"),
    ("510921", "蓬溪县", "Pengxi County", "county", False, "赤城镇", "Chicheng Town", "township"),
    ("510923", "大英县", "Daying County", "county", False, "天保镇", "Tianbao Town", "township"),
    ("510990", "河东新区", "Hedong New Area", "park", True, "灵泉街道", "Lingquan Subdistrict", "street"),
    (
        "510991",
        "国开区",
        "Suining Economic Development Zone",
        "park",
        True,
        "嘉禾街道",
        "Jiahe Subdistrict",
        "street",
    ),
]
SUINING_NAMED = {"510991": D(2016, 4, 15)}
"""Every candidate is named on 2015-12-10 but 国开区's, named in April 2016."""
SUINING_OTHERS = {"城东": "Chengdong", "城西": "Chengxi", "新桥": "Xinqiao", "永兴": "Yongxing"}
"""Invented other streets and townships of each county-level unit, with their pinyin."""


def suining(rng: random.Random) -> Scenario:
    """遂宁市 2015: each of 7 county-level units builds one provincial safe community; 105万元 subsidy."""
    regions = [
        RegionSpec("510000", "四川省", "province", "province", name_en="Sichuan"),
        RegionSpec("510900", "遂宁市", "city", "city", "510000", "Suining"),
    ]
    start, end = D(2015, 1, 1), D(2015, 12, 31)
    units, paths, titles, allocations = [], {}, [], []
    for county, name, name_en, kind, invented_code, unit, unit_en, unit_kind in SUINING_UNITS:
        named_on = SUINING_NAMED.get(county, D(2015, 12, 10))
        regions.append(RegionSpec(county, name, "county", kind, "510900", name_en, is_sample=invented_code))
        code = f"{county}001"
        regions.append(RegionSpec(code, unit, "unit", unit_kind, county, unit_en, is_sample=invented_code))
        township = kind == "county"
        for j, other in enumerate(rng.sample(list(SUINING_OTHERS), 2), start=2):
            regions.append(
                RegionSpec(
                    f"{county}{j:03d}",
                    f"{other}{'镇' if township else '街道'}",
                    "unit",
                    "township" if township else "street",
                    county,
                    f"{SUINING_OTHERS[other]} {'Town' if township else 'Subdistrict'}",
                    is_sample=True,
                )
            )
        registered = D(2015, 2, 1) + dt.timedelta(days=rng.randint(0, 40))
        units.append(EnrolmentSpec(code, D(2015, 1, 1), is_pilot=True))
        paths[code] = named_path(registered, named_on)
        titles.append(
            TitleSpec(
                code,
                "provincial",
                named_on,
                f"川安社-{named_on.year}-{county[-2:]}",
                named_on.replace(year=named_on.year + 3) - dt.timedelta(days=1),
                "SN-2015",
            )
        )
        allocations.append(
            AllocationSpec(
                "SN-2015",
                "510000",
                county,
                Decimal(150000),
                D(2015, 1, 20),
                "省安监局安全社区建设补助资金",
                [(D(2015, 2, 10), Decimal(150000))],
            )
        )
    # Sichuan titles last three years and are re-evaluated (复评): two renewed.  None is
    # revoked: the reports end with the programme in 2015, so no decline could precede it.
    titles += [
        TitleSpec(
            "510903001",
            "provincial",
            D(2018, 12, 5),
            "川安社-2018-03R",
            D(2021, 12, 4),
            "SN-2015",
            renews_certificate_no="川安社-2015-03",
        ),
        TitleSpec(
            "510922001",
            "provincial",
            D(2018, 12, 5),
            "川安社-2018-22R",
            D(2021, 12, 4),
            "SN-2015",
            renews_certificate_no="川安社-2015-22",
        ),
    ]
    for code in ("510903001", "510922001"):
        paths[code] += ((D(2018, 10, 16), "re_evaluation"), (D(2018, 12, 5), "named"))
    programme = ProgrammeSpec(
        code="SN-2015",
        name_zh="2015年全市十项民生工程：省级安全社区建设",
        name_en="Suining 2015 livelihood project: provincial safe communities",
        region_code="510900",
        level_code="provincial",
        scheme=("abc", 1),
        start_date=start,
        end_date=end,
        report_deadline_day=5,
        source="遂宁市人民政府网 2015年5月20日；阶段划分为示例数据",
        source_en="Suining Municipal People's Government website, 20 May 2015; the stages are sample data",
        stages=[
            StageSpec("备案", "Registration", D(2015, 1, 1), D(2015, 3, 31)),
            StageSpec("找差距、添措施", "Find gaps, add measures", D(2015, 4, 1), D(2015, 8, 31)),
            StageSpec("自评申报", "Self-assessment and application", D(2015, 9, 1), D(2015, 10, 31)),
            StageSpec("省级评定命名", "Provincial evaluation and naming", D(2015, 11, 1), D(2015, 12, 31)),
        ],
        units=units,
        targets=[
            TargetSpec(
                "T1",
                "count_per_child",
                "510900",
                Decimal(1),
                D(2015, 12, 31),
                "各区县和园区各完成1个乡镇或街道省级安全社区建设",
                "Each of the 7 county-level units builds one provincial safe community in 2015",
                "provincial",
            ),
            TargetSpec(
                "T2",
                "budget",
                "510900",
                Decimal(1050000),
                D(2015, 3, 31),
                "省安监局105万元补助资金年初全部划拨到各区县",
                "1.05 million yuan provincial subsidy allocated to the counties early in the year",
            ),
        ],
    )
    story = _stories(
        programme,
        paths,
        titles,
        rng,
        slow={"510991001"},
        weak={"510990001": {"education"}, "510904001": {"satisfaction"}},
        late={"510990001": 0.5},
        always_report=True,  # a livelihood project watched monthly: 7 units × 12 reports
    )
    return Scenario(
        _path_data(regions, programme, paths, titles, allocations),
        story,
        amend=_suining_fatal_accident,
    )


def _suining_fatal_accident(report: MonthlyReport) -> MonthlyReport:
    """国开区's 510991001 records a death in a road-traffic accident in its August 2015
    report: the fatal-accident veto of that month's circular, and why its naming slipped
    to April 2016 (docs/sample.md).  Its other traffic counts stay as simulated, with at
    least the one accident."""
    if report.unit_code != "510991001" or report.month != D(2015, 8, 1):
        return report
    projects, accidents, injuries, *_ = report.domains.get("traffic", (0, 0, 0))
    domains = {**report.domains, "traffic": (projects, max(accidents, 1), injuries, 1)}
    return replace(report, domains=domains)


SCENARIOS: dict[str, Callable[[random.Random], Scenario]] = {
    "dawukou": dawukou,
    "shijiazhuang": shijiazhuang,
    "suining": suining,
}


def _revoke(titles: list[TitleSpec], unit_code: str, day: dt.date, reason: str) -> list[TitleSpec]:
    """The titles with the unit's first one revoked on ``day``."""
    first = next(t for t in titles if t.unit_code == unit_code)
    revoked = replace(first, revoked_on=day, revocation_reason=reason)
    return [revoked if t is first else t for t in titles]


def _path_data(
    regions: list[RegionSpec],
    programme: ProgrammeSpec,
    paths: Paths,
    titles: list[TitleSpec],
    allocations: list[AllocationSpec] | None = None,
    returned: dict[str, tuple[dt.date, ...]] | None = None,
) -> ProgrammeData:
    """The programme's data with its units' paths as the offices record them
    (:func:`sample_data.paths.path_specs`): moves by the county's office, 初审 by the
    county's 安委会办公室, 审核 by the city's; a move back after a revocation carries the
    revocation's reason, as ``record_revocation`` writes it."""
    names = {region.code: region for region in regions}
    reasons = {(t.unit_code, t.revoked_on): t.revocation_reason for t in titles if t.revoked_on is not None}
    events: list[StageEventSpec] = []
    reviews: list[StageReviewSpec] = []
    for code, path in paths.items():
        county = names[names[code].parent_code]
        city = names[county.parent_code]
        notes = {(day, stage): reasons[code, day] for day, stage in path if (code, day) in reasons}
        moves, checks = path_specs(
            code,
            programme.code,
            path,
            "区县安全社区推进办",
            {"county": office(county.name_zh), "city": office(city.name_zh)},
            notes,
            (returned or {}).get(code, ()),
        )
        events += moves
        reviews += checks
    return ProgrammeData(regions, [programme], events, titles, allocations or [], reviews)


def _stories(
    programme: ProgrammeSpec,
    paths: Paths,
    titles: list[TitleSpec],
    rng: random.Random,
    slow: frozenset[str] | set[str] = frozenset(),
    weak: dict[str, set[str]] | None = None,
    late: dict[str, float] | None = None,
    always_report: bool = False,
) -> list[UnitStory]:
    """Each enrolled unit's story; its self-assessment follows its path and titles
    (:func:`sample_data.simulation.self_assessment`); ``slow`` units stay weak and miss
    more reports, ``weak`` names the hard rules a unit breaks, ``late`` a unit's chance of
    reporting late; with ``always_report`` no unit misses a month."""
    weak, late = weak or {}, late or {}
    stories = []
    for unit in programme.units:
        code = unit.unit_code
        own = [t for t in titles if t.unit_code == code]
        assessment = self_assessment(
            paths.get(code, ()),
            programme.end_date,
            rng,
            namings=tuple(t.named_on for t in own),
            revoked_on=min((t.revoked_on for t in own if t.revoked_on), default=None),
            slow=code in slow,
        )
        stories.append(
            UnitStory(
                unit_code=code,
                first_month=unit.enrolled_on.replace(day=1),
                last_month=programme.end_date.replace(day=1),
                deadline_day=programme.report_deadline_day,
                stages=paths.get(code, ()),
                levels=assessment.levels,
                passing=assessment.passing,
                late=late.get(code, rng.choice([0.02, 0.08, 0.15])),
                missing=0.0 if always_report else 0.08 if code in slow else 0.015,
                weak=frozenset(weak.get(code, ())),
            )
        )
    return stories


def _with_subsidy(stories: list[UnitStory], allocations: list[AllocationSpec]) -> list[UnitStory]:
    """Let each unit report in its monthly report the subsidy paid to it that month."""
    received: dict[str, list] = {}
    for allocation in allocations:
        received.setdefault(allocation.recipient_code, []).extend(allocation.disbursements)
    return [replace(s, subsidy=tuple(received.get(s.unit_code, ()))) for s in stories]
