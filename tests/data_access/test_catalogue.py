"""The reference catalogue: stages, safety domains, indicators and items."""

from __future__ import annotations

from data_access import catalogue
from data_access.catalogue import indicator_items, stage_names


def test_stage_catalogue_in_path_order(engine):
    stages = stage_names(engine)
    assert list(stages["code"][:3]) == ["not_started", "launched", "implementing"]
    assert list(stages["seq"]) == sorted(stages["seq"])
    assert stages.set_index("code").loc["named", "name_zh"] == "命名"


def test_stage_names_and_safety_domains(community_engine):
    stages = catalogue.stage_names(community_engine)
    assert list(stages["code"][:3]) == ["not_started", "launched", "implementing"]
    assert list(catalogue.safety_domains(community_engine)["code"][:2]) == ["fire", "workplace"]


def test_indicator_items(engine):
    items = indicator_items(engine)
    assert len(items) == 45 and items["indicator_seq"].nunique() == 12
    assert items.iloc[0][["indicator_seq", "item_code"]].tolist() == [1, "1.1"]
