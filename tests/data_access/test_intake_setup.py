"""Setting up a new city from the setup workbook (data_access/intake_setup.py), on SQLite and
PostgreSQL, starting from a database holding only the catalogue.

The city, filled into the real template (:func:`filled`), worked out by hand:
- 新安省 (990000) → 新安市 (990100) → 东城区 (990102: streets 东一 990102001, 东二
  990102002) and 西城县 (990103: township 西一镇 990103001): 7 regions.
- Programme XA-2024 of 新安市, municipal titles, scheme abc v1, 2024-01-01..2026-12-31,
  reports due on the 5th; two planned stages; the three units enrolled on 2024-01-01,
  东一 a pilot.
- T1 share ≥ 50% of the city's units municipal by 2026-12-31: no titles yet, so on
  2025-06-30 东城区 has 2 units and 西城县 1, none achieved; the city 3 units, 0.
- T2 budget 100,000 yuan by 2025-12-31: 60,000 allocated to 东一 and 40,000 to 西一镇 on
  2024-02-01; 30,000 and 40,000 paid on 2024-03-01 → 70,000 paid of 100,000 allocated.
So 7 + 1 + 2 + 3 + 2 + 2 + 2 = 19 records are new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, MetaData, select

from data_access.attainment import target_progress
from data_access.intake import apply_import, plan_import
from data_access.regions import cities_with_programmes, county_units, find_region
from data_access.templates_setup import setup_template
from oversight.access import Scope
from oversight.intake.kinds import INSTRUCTIONS_SHEET
from oversight.intake.marked import marked_workbook
from oversight.intake.plan import StalePlan
from oversight.intake.problems import IntakeRefused, problem_line
from oversight.intake.terms import Term

NOW = dt.datetime(2024, 1, 10, 9)
D = dt.date

REGIONS = [
    ("990000", "新安省", "Xin'an Province", "省级", "省", None),
    ("990100", "新安市", "Xin'an", "市级", "市", "990000"),
    ("990102", "东城区", "Dongcheng District", "县级", "区", "990100"),
    ("990103", "西城县", "Xicheng County", "县级", "县", "990100"),
    ("990102001", "东一街道", "Dongyi Subdistrict", "街道乡镇", "街道", "990102"),
    ("990102002", "东二街道", None, "街道乡镇", "街道", "990102"),
    ("990103001", "西一镇", "Xiyi Town", "街道乡镇", "乡镇", "990103"),
]
PROGRAMME = (
    "XA-2024",
    "新安市安全社区建设实施方案",
    "Xin'an Safe Community plan",
    "990100",
    "市级安全社区",
    "国家级安全社区评定指标（A/B/C三级）（第1版）",
    dt.datetime(2024, 1, 1),
    "2026-12-31",
    5,
    "新安市人民政府 2023年12月印发",
    None,
)
STAGES = [
    ("XA-2024", 1, "启动阶段", "Launch", dt.datetime(2024, 1, 1), dt.datetime(2024, 3, 31)),
    ("XA-2024", 2, "推进实施阶段", "Implementation", dt.datetime(2024, 4, 1), dt.datetime(2026, 12, 31)),
]
ENROLMENTS = [
    ("XA-2024", "990102001", dt.datetime(2024, 1, 1), "是"),
    ("XA-2024", "990102002", dt.datetime(2024, 1, 1), "否"),
    ("XA-2024", "990103001", dt.datetime(2024, 1, 1), "否"),
]
TARGETS = [
    (
        "XA-2024",
        "T1",
        "比例目标",
        "990100",
        "市级安全社区",
        50,
        dt.datetime(2026, 12, 31),
        "半数单位建成市级安全社区",
        "Half the units municipal",
    ),
    (
        "XA-2024",
        "T2",
        "资金目标",
        "990100",
        None,
        100000,
        dt.datetime(2025, 12, 31),
        "市财政补助10万元",
        "100,000 yuan from the city",
    ),
]
ALLOCATIONS = [
    ("XA-2024", "990100", "990102001", dt.datetime(2024, 2, 1), 60000, "启动补助"),
    ("XA-2024", "990100", "990103001", dt.datetime(2024, 2, 1), 40000, None),
]
DISBURSEMENTS = [
    ("XA-2024", "990100", "990102001", dt.datetime(2024, 2, 1), dt.datetime(2024, 3, 1), 30000, None),
    ("XA-2024", "990100", "990103001", dt.datetime(2024, 2, 1), dt.datetime(2024, 3, 1), 40000, "一次拨清"),
]


def city_rows() -> dict[str, list[tuple]]:
    return {
        "地区与单位": list(REGIONS),
        "创建方案": [PROGRAMME],
        "阶段计划": list(STAGES),
        "参建单位": list(ENROLMENTS),
        "目标": list(TARGETS),
        "补助下达": list(ALLOCATIONS),
        "补助拨付": list(DISBURSEMENTS),
    }


def filled(engine: Engine, rows: dict[str, list[tuple]]) -> bytes:
    """The real template with ``rows`` written below its example row, as a clerk would."""
    book = load_workbook(io.BytesIO(setup_template(engine)))
    for sheet, sheet_rows in rows.items():
        for row in sheet_rows:
            book[sheet].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tables(engine: Engine) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        rows = {
            name: sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            for name, table in metadata.tables.items()
        }
    return {name: (len(r), hashlib.sha256("\n".join(r).encode()).hexdigest()) for name, r in rows.items()}


def upload(engine: Engine, data: bytes, name: str = "新安市.xlsx"):
    return plan_import(engine, [(name, data)], Scope.command_line("市应急局 李四"), NOW)


def test_the_template_is_blank_but_for_its_example_rows_with_the_catalogue_s_lists(engine):
    data = setup_template(engine)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "地区与单位" and book.sheetnames[-1] == INSTRUCTIONS_SHEET
    assert [c.value for c in book["可选值"]["D"] if c.value is not None] == [
        "命名级别",
        "县级安全社区",
        "市级安全社区",
        "省级安全社区",
        "全国安全社区",
        "国际安全社区",
    ]
    lists = {str(v.sqref): v.formula1 for v in book["目标"].data_validations.dataValidation}
    assert lists["C3:C10000"] == "'可选值'!$C$2:$C$6"
    assert book["地区与单位"]["G2"].value == "示例"
    plan = upload(engine, data)
    assert (plan.workbook_kind, plan.problems, plan.changes) == ("setup", (), ())


def test_a_new_city_is_set_up_and_seen_by_the_overview(engine):
    plan = upload(engine, filled(engine, city_rows()))
    assert plan.problems == ()
    assert (plan.count("new"), plan.count("unchanged"), plan.count("correction")) == (19, 0, 0)
    first = plan.changes[0]
    assert (first.subject, first.key, first.label, first.after) == (
        "region",
        "990000",
        "新安省",
        {
            "code": "990000",
            "name_zh": "新安省",
            "name_en": "Xin'an Province",
            "level": Term("level", "province"),
            "kind": Term("kind", "province"),
            "parent_code": None,
        },
    )
    result = apply_import(engine, plan, Scope.command_line("市应急局 李四"), "")
    assert (result.written, result.unchanged) == (19, 0)
    assert result.summary_zh == "已写入 19 条，0 条与已有记录相同、未改动。"

    city = find_region(engine, "新安市")
    assert (city.code, city.level, city.province_id is not None) == ("990100", "city", True)
    assert list(county_units(engine, city)["name_zh"]) == ["东城区", "西城县"]
    assert list(cities_with_programmes(engine)["name_zh"]) == ["新安市"]  # the overview's chooser
    unit = find_region(engine, "西一镇")
    assert (unit.level, unit.kind, unit.city_id, unit.county_id) == (
        "unit",
        "township",
        city.id,
        find_region(engine, "990103").id,
    )
    progress = target_progress(engine, D(2025, 6, 30), city)
    rows = {
        (r.target_code, r.region_zh): tuple(
            _number(v) for v in (r.units, r.achieved, r.allocated, r.threshold)
        )
        for r in progress.itertuples()
    }
    assert rows == {
        ("T1", "东城区"): (2, 0, None, 50),
        ("T1", "西城县"): (1, 0, None, 50),
        ("T1", "新安市"): (3, 0, None, 50),
        ("T2", "新安市"): (None, 70000, 100000, 100000),
    }


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)


def test_uploading_the_same_file_again_changes_nothing(engine):
    data = filled(engine, city_rows())
    apply_import(engine, upload(engine, data), Scope.command_line("李四"), "")
    before = tables(engine)
    again = upload(engine, data)
    assert (again.problems, again.count("new"), again.count("unchanged")) == ((), 0, 19)
    result = apply_import(engine, again, Scope.command_line("李四"), "")
    assert (result.written, result.unchanged) == (0, 19)
    assert tables(engine) == before


def test_a_unit_under_a_stored_county_is_taken_and_one_under_no_county_is_not(engine):
    apply_import(engine, upload(engine, filled(engine, city_rows())), Scope.command_line("李四"), "")
    more = {
        "地区与单位": [
            ("990102003", "东三街道", None, "街道乡镇", "街道", "990102"),
            ("990104001", "北一镇", None, "街道乡镇", "乡镇", "990104"),
        ]
    }
    plan = upload(engine, filled(engine, more), "补充.xlsx")
    assert [problem_line(p) for p in plan.problems] == [
        "文件 补充.xlsx，工作表“地区与单位”，第 4 行，“上级地区编码”列，值“990104”："
        "地区编码 990104 既不在本工作簿的“地区与单位”表中，也不在数据库中："
        "请先在“地区与单位”表中添加这个地区，或改正编码。"
    ]
    del more["地区与单位"][1]
    plan = upload(engine, filled(engine, more), "补充.xlsx")
    assert [(c.kind, c.key) for c in plan.changes] == [("new", "990102003")]
    apply_import(engine, plan, Scope.command_line("李四"), "")
    assert find_region(engine, "东三街道").county_id == find_region(engine, "东城区").id


def test_every_bad_cell_is_listed_at_once_and_nothing_is_written(engine):
    rows = city_rows()
    rows["地区与单位"][3] = ("990103", "西城县", None, "县级", "街道", "990100")  # a street is no county
    rows["地区与单位"][6] = ("990103 001", "西一镇", None, "街道乡镇", "乡镇", "990103")  # a space
    rows["创建方案"] = [(*PROGRAMME[:6], "2024年1月", "2023-12-31", 31, None, None)]
    rows["阶段计划"].append(("XA-2024", 1, "重复阶段", "Again", "2024-01-01", "2024-02-01"))
    rows["参建单位"][1] = ("XA-2024", "990102002", "2024-01-01", "也许")
    rows["参建单位"][2] = ("XA-2025", "990103001", "2024-01-01", "否")
    rows["目标"][0] = ("XA-2024", "T1", "比例目标", "990100", None, 120, "2026-12-31", "=A1", "x")
    rows["补助下达"][1] = ("XA-2024", "990100", "990103001", "2024-02-01", -5, None)
    rows["补助拨付"][0] = ("XA-2024", "990100", "990102001", "2024-02-02", "2024-01-01", "三万", None)
    before = tables(engine)
    data = filled(engine, rows)
    plan = upload(engine, data)
    found = [(p.sheet, p.row, p.column, p.value, p.key) for p in plan.problems]
    assert found == [
        ("地区与单位", 6, "类型", "街道", "setup_kind_of_level"),
        ("地区与单位", 9, "地区编码", "990103 001", "setup_not_code"),
        ("创建方案", 3, "开始日期", "2024年1月", "setup_not_date"),
        ("创建方案", 3, "月报截止日", "31", "setup_not_day"),
        ("阶段计划", 5, "方案编码", "XA-2024 / 1", "setup_duplicate"),
        ("参建单位", 4, "是否试点", "也许", "setup_not_choice"),
        ("参建单位", 5, "方案编码", "XA-2025", "setup_unknown_programme"),
        ("参建单位", 5, "单位编码", "990103001", "setup_unknown_region"),  # its row 9 is refused
        ("目标", 3, "目标说明", "=A1", "setup_formula"),
        ("补助下达", 4, "金额（元）", "-5", "setup_not_money"),
        ("补助拨付", 3, "金额（元）", "三万", "setup_not_money"),
    ]
    assert problem_line(plan.problems[0]) == (
        "文件 新安市.xlsx，工作表“地区与单位”，第 6 行，“类型”列，值“街道”："
        "类型与层级不符：省级为省或自治区，市级为市，县级为区、县或园区，街道乡镇为街道或乡镇。"
    )
    with pytest.raises(IntakeRefused):
        apply_import(engine, plan, Scope.command_line("李四"), "")
    assert tables(engine) == before
    marked = load_workbook(io.BytesIO(marked_workbook([("新安市.xlsx", data)], plan.problems)))
    assert marked["新安市·地区与单位"]["E6"].comment.text == (
        "类型与层级不符：省级为省或自治区，市级为市，县级为区、县或园区，街道乡镇为街道或乡镇。"
    )


def test_cross_sheet_rules_are_checked(engine):
    rows = city_rows()
    rows["目标"] = [
        ("XA-2024", "T1", "比例目标", "990100", None, 120, "2026-12-31", "说明", "x"),
        ("XA-2024", "T3", "试点目标", "990102001", None, 1, "2024-06-30", "试点", "Pilot"),
    ]
    rows["补助拨付"] = [
        ("XA-2024", "990100", "990102001", "2024-02-02", "2024-01-01", 100, None),
        ("XA-2024", "990100", "990103001", "2024-02-01", "2024-03-01", 30000, None),
        ("XA-2024", "990100", "990103001", "2024-02-01", "2024-04-01", 10000.01, None),
    ]
    rows["参建单位"] = [
        ("XA-2024", "990102", "2024-01-01", "否"),
        ("XA-2024", "990201001", "2024-01-01", "否"),
    ]
    rows["地区与单位"] += [
        ("990200", "别市", None, "市级", "市", "990000"),
        ("990201", "别区", None, "县级", "区", "990200"),
        ("990201001", "别一街道", None, "街道乡镇", "街道", "990201"),
        ("990100009", "直属镇", None, "街道乡镇", "乡镇", "990100"),
    ]
    plan = upload(engine, filled(engine, rows))
    assert [(p.sheet, p.column, p.key) for p in plan.problems] == [
        ("地区与单位", "上级地区编码", "setup_wrong_parent"),
        ("参建单位", "单位编码", "setup_wants_unit"),
        ("参建单位", "单位编码", "setup_outside_programme"),
        ("目标", "命名级别", "setup_level_needed"),
        ("目标", "目标值", "setup_share_percent"),
        ("目标", "范围地区编码", "setup_wants_area"),
        ("补助拨付", "下达日期", "setup_unknown_allocation"),
        ("补助拨付", "拨付日期", "setup_paid_before_allocated"),
        ("补助拨付", "金额（元）", "setup_overpaid"),
    ]
    assert problem_line(plan.problems[0]).endswith(
        "：新安市不是上一层级的地区：市级的上级须是省级，县级的上级须是市级，街道乡镇的上级须是县级。"
    )
    assert problem_line(plan.problems[1]).endswith("：东城区不是街道乡镇：这里须填街道或乡镇的编码。")
    assert problem_line(plan.problems[2]) == (
        "文件 新安市.xlsx，工作表“参建单位”，第 4 行，“单位编码”列，值“990201001”："
        "这个地区不在方案所属的新安市范围内：请改正编码，或核对方案的所属地区。"
    )
    # 西一镇 was allocated 40,000.00; 30,000 + 10,000.01 = 40,000.01 paid, on row 5
    assert (plan.problems[-1].row, plan.problems[-1].values) == (
        5,
        {"allocated": Decimal("40000.00"), "paid": Decimal("40000.01")},
    )


def test_a_missing_sheet_and_a_renamed_column_are_refused(engine):
    book = load_workbook(io.BytesIO(setup_template(engine)))
    del book["补助拨付"]
    book["目标"]["F1"] = "目标数"
    out = io.BytesIO()
    book.save(out)
    plan = upload(engine, out.getvalue())
    assert [(p.sheet, p.column, p.key) for p in plan.problems] == [
        ("目标", "目标值", "setup_missing_column"),
        ("目标", "目标数", "setup_extra_column"),
        ("补助拨付", None, "setup_missing_sheet"),
    ]


def test_a_stored_record_with_other_values_is_refused_not_overwritten(engine):
    apply_import(engine, upload(engine, filled(engine, city_rows())), Scope.command_line("李四"), "")
    before = tables(engine)
    rows = city_rows()
    rows["地区与单位"][1] = ("990100", "新安新市", "Xin'an", "市级", "市", "990000")
    rows["补助下达"][0] = ("XA-2024", "990100", "990102001", "2024-02-01", 65000, "启动补助")
    plan = upload(engine, filled(engine, rows))
    assert [(p.sheet, p.column, p.value, p.key, p.values) for p in plan.problems] == [
        ("地区与单位", "中文名称", "新安新市", "setup_stored_differently", {"stored": "新安市"}),
        ("补助下达", "金额（元）", "65000.00", "setup_stored_differently", {"stored": "60000.00"}),
    ]
    assert plan.changes == ()
    assert tables(engine) == before


def test_a_preview_gone_stale_is_refused_at_confirm(engine):
    data = filled(engine, city_rows())
    first, second = upload(engine, data), upload(engine, data)
    apply_import(engine, first, Scope.command_line("李四"), "")
    after_first = tables(engine)
    with pytest.raises(StalePlan):
        apply_import(engine, second, Scope.command_line("王五"), "")
    assert tables(engine) == after_first


def test_an_allocation_added_since_the_preview_makes_it_stale(engine):
    """Allocations have no unique key in the database: only the preview's fingerprint
    keeps a second confirm from paying the same allocation twice."""
    rows = city_rows()
    allocations, rows["补助下达"], rows["补助拨付"] = rows["补助下达"], [], []
    apply_import(engine, upload(engine, filled(engine, rows)), Scope.command_line("李四"), "")
    data = filled(engine, {"补助下达": allocations})
    first, second = upload(engine, data), upload(engine, data)
    assert first.count("new") == second.count("new") == 2
    apply_import(engine, first, Scope.command_line("李四"), "")
    after_first = tables(engine)
    with pytest.raises(StalePlan):
        apply_import(engine, second, Scope.command_line("王五"), "")
    assert tables(engine) == after_first
    assert after_first["subsidy_allocation"][0] == 2


def test_two_confirms_of_one_preview_at_the_same_moment_write_it_once(engine):
    rows = city_rows()
    allocations, rows["补助下达"], rows["补助拨付"] = rows["补助下达"], [], []
    apply_import(engine, upload(engine, filled(engine, rows)), Scope.command_line("李四"), "")
    data = filled(engine, {"补助下达": allocations})
    plans = [upload(engine, data), upload(engine, data)]
    start = threading.Barrier(2)

    def confirm(plan):
        start.wait()
        try:
            return apply_import(engine, plan, Scope.command_line("李四"), "").written
        except StalePlan:
            return "stale"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(confirm, plans), key=str)
    assert outcomes == [2, "stale"]
    assert tables(engine)["subsidy_allocation"][0] == 2


def test_one_upload_may_spread_the_city_over_several_files(engine):
    rows = city_rows()
    tree = {"地区与单位": rows.pop("地区与单位")}
    files = [("地区.xlsx", filled(engine, tree)), ("方案.xlsx", filled(engine, rows))]
    plan = plan_import(engine, files, Scope.command_line("李四"), NOW)
    assert (plan.problems, plan.count("new")) == ((), 19)
    files.append(("又一份.xlsx", filled(engine, {"地区与单位": tree["地区与单位"][:1]})))
    plan = plan_import(engine, files, Scope.command_line("李四"), NOW)
    assert [problem_line(p) for p in plan.problems] == [
        "文件 又一份.xlsx，工作表“地区与单位”，第 3 行，“地区编码”列，值“990000”："
        "与 地区.xlsx 第 3 行重复（同一记录填了两次）：请删除其中一行。"
    ]
