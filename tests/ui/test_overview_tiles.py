"""Headline figures and their month-on-month change, from small hand-made frames."""

import pandas as pd

from oversight.formatting import format_wan
from oversight.i18n import MESSAGES
from ui.overview_tiles import money_tiles, reporting_tiles, stage_tiles, title_tiles, units_behind


def test_stage_tiles_count_enrolled_and_launched():
    now = pd.DataFrame({"stage_code": ["not_started", "launched", "named"], "units": [3, 1, 1]})
    before = pd.DataFrame({"stage_code": ["not_started", "launched"], "units": [4, 1]})
    enrolled, launched = stage_tiles(now, before)
    assert (enrolled.value, enrolled.delta, launched.value, launched.delta) == (5, 0, 2, 1)


def test_title_tiles_show_levels_held_now_or_before():
    now = pd.DataFrame(
        {"level_code": ["national"], "level_rank": [4], "level_zh": ["全国安全社区"], "units": [3]}
    )
    before = pd.DataFrame(
        {
            "level_code": ["provincial", "national"],
            "level_rank": [3, 4],
            "level_zh": ["省级", "全国安全社区"],
            "units": [1, 2],
        }
    )
    tiles = title_tiles(now, before, "zh")
    assert [(label, tile.value, tile.delta) for label, tile in tiles] == [
        ("省级", 0, -1),
        ("全国安全社区", 3, 1),
    ]


def test_reporting_tiles():
    now = pd.DataFrame({"status": ["on_time", "on_time", "late", "missing"]})
    before = pd.DataFrame({"status": ["on_time", "missing", "missing", "pending"]})
    received, late, missing = reporting_tiles(now, before)
    assert (received.value, received.delta, late.value, late.delta, missing.value, missing.delta) == (
        3,
        2,
        1,
        1,
        1,
        -1,
    )


def test_money_tiles_and_their_labels_exist():
    now = pd.Series({"allocated": 100000.0, "disbursed": 85000.0, "received": 0.0, "spent": 20000.0})
    before = pd.Series({"allocated": 100000.0, "disbursed": 60000.0, "received": 0.0, "spent": 5000.0})
    tiles = money_tiles(now, before)
    assert [(tile.value, tile.delta) for tile in tiles] == [(100000, 0), (85000, 25000), (20000, 15000)]
    keys = {tile.key for tile in tiles} | {"overview.tile.enrolled", "overview.tile.titles"}
    assert keys <= set(MESSAGES["zh"])


def test_money_note_gives_the_disbursement_rate_and_no_spending_rate():
    from ui.overview_tiles import money_note

    # 85,000 disbursed of 100,000 allocated: 85.0%.  Spent (20,000, with the units' own
    # money) is not divided by the subsidy.
    now = pd.Series({"allocated": 100000.0, "disbursed": 85000.0, "received": 0.0, "spent": 20000.0})
    assert money_note(now, "zh").startswith("补助拨付率（已拨付 ÷ 已下达）：85.0%。")
    assert money_note(now, "en").startswith("Subsidy disbursed ÷ allocated: 85.0%.")
    nothing = pd.Series({"allocated": 0.0, "disbursed": 0.0, "received": 0.0, "spent": 0.0})
    assert money_note(nothing, "zh").startswith("补助拨付率（已拨付 ÷ 已下达）：—。")


def test_units_behind_lists_missing_then_late_with_their_county():
    """Four units owe a report: A on time, B late, C missing, D late.  The list shows C
    (missing) first, then B and D (late) in code order; D has no English name, so it
    keeps its Chinese one in English."""
    reports = pd.DataFrame(
        {
            "unit_code": ["001", "002", "003", "004"],
            "status": ["on_time", "late", "missing", "late"],
        }
    )
    units = pd.DataFrame(
        {
            "code": ["001", "002", "003", "004"],
            "name_zh": ["甲街道", "乙街道", "丙镇", "丁镇"],
            "name_en": ["Jia", "Yi", "Bing", None],
            "county_zh": ["东区", "东区", "西县", "西县"],
            "county_en": ["East", "East", "West", "West"],
        }
    )
    behind = units_behind(reports, units, "en")
    assert behind.to_dict("list") == {
        "status": ["missing", "late", "late"],
        "county": ["West", "East", "West"],
        "unit": ["Bing", "Yi", "丁镇"],
        "code": ["003", "002", "004"],
    }
    assert list(units_behind(reports, units, "zh")["unit"]) == ["丙镇", "乙街道", "丁镇"]


def test_money_tiles_read_in_wan_without_the_unit():
    """6,686,000 yuan is 668.6 万元; 1,050,000 is 105; 12,345 is 1.23 (two decimals at most)."""
    assert [format_wan(y) for y in (6686000, 1050000, 12345, 2293000000)] == [
        "668.6",
        "105",
        "1.23",
        "229,300",
    ]
