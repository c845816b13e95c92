"""Headline figures and their month-on-month change, from small hand-made frames."""

import pandas as pd

from oversight.i18n import MESSAGES
from ui.overview_tiles import money_tiles, reporting_tiles, stage_tiles, title_tiles


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
