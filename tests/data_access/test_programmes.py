"""A unit's programmes with their planned stages, on tests/fixture_community.py (its
docstring has the data)."""

from __future__ import annotations

import pandas as pd

from data_access import programmes
from tests.data_access.conftest import rows
from tests.fixture_community import D


def test_plan_has_each_programmes_stages(community_engine):
    plan = programmes.unit_plan(community_engine, "U12")
    assert len(plan) == 3  # PR has no planned stages: one row with empty stage columns
    pr = plan[plan["programme_code"] == "PR"].iloc[0]
    assert pd.isna(pr["seq"]) and bool(pr["is_pilot"]) and pr["enrolled_on"] == D(2020, 1, 1)
    pr2 = plan[plan["programme_code"] == "PR2"]
    assert rows(pr2, ["stage_zh", "planned_start", "planned_end", "is_pilot"]) == [
        ["启动", D(2021, 1, 1), D(2021, 3, 31), False],
        ["实施", D(2021, 4, 1), D(2021, 12, 31), False],
    ]
    assert programmes.unit_plan(community_engine, "NOPE").empty
