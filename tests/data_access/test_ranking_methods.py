"""A programme's ranking method, stored in versions the database never lets be altered,
on SQLite and PostgreSQL; and what a method must hold to be stored."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from data_access.ranking_methods import (
    MethodError,
    check_method,
    current_method,
    method_version,
    method_versions,
    store_method,
)
from oversight.access import Scope
from oversight.ranking.method import DEFAULT_METHOD, Band, ListRule, Veto
from tests.data_access.conftest import programme_id


def _with(**changes):
    return dataclasses.replace(DEFAULT_METHOD, **changes)


def test_a_programme_ranks_by_the_default_until_it_stores_its_own(programme_engine):
    pid = programme_id(programme_engine, "PR")
    assert current_method(programme_engine, pid) == DEFAULT_METHOD
    assert method_versions(programme_engine, pid) == []
    assert method_version(programme_engine, pid, 0) == DEFAULT_METHOD


def test_stored_versions_count_from_one_and_the_latest_is_current(programme_engine):
    pid = programme_id(programme_engine, "PR")
    first = store_method(programme_engine, pid, DEFAULT_METHOD, Scope.command_line("科员甲"), "采用默认办法")
    weights = {"stages": 30.0, "assessment": 30.0, "activities": 20.0, "reporting": 10.0, "hazards": 10.0}
    second = store_method(
        programme_engine, pid, _with(weights=weights), Scope.command_line("科员乙"), "提高阶段与自评权重"
    )
    assert (first.version, second.version) == (1, 2)
    assert current_method(programme_engine, pid) == second
    assert method_version(programme_engine, pid, 1) == first
    assert dict(method_version(programme_engine, pid, 2).weights) == weights
    assert [m.version for m in method_versions(programme_engine, pid)] == [1, 2]
    with pytest.raises(MethodError, match="没有第 3 版"):
        method_version(programme_engine, pid, 3)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE ranking_method SET note = '改过'", "DELETE FROM ranking_method"],
)
def test_a_stored_version_can_be_neither_altered_nor_deleted(programme_engine, statement):
    pid = programme_id(programme_engine, "PR")
    store_method(programme_engine, pid, DEFAULT_METHOD, Scope.command_line("科员甲"), "")
    with pytest.raises(DBAPIError, match="append-only"), programme_engine.begin() as connection:
        connection.execute(text(statement))
    assert current_method(programme_engine, pid).version == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"weights": {"stages": 25.0, "assessment": 25.0, "activities": 20.0, "reporting": 15.0}},
            "指标权重：缺少 hazards",
        ),
        (
            {
                "weights": {
                    "stages": 25,
                    "assessment": 25,
                    "activities": 20,
                    "reporting": 15,
                    "hazards": 15,
                    "x": 0,
                }
            },
            "指标权重：未知的项 x",
        ),
        (
            {
                "weights": {
                    "stages": 45.0,
                    "assessment": 25.0,
                    "activities": 20.0,
                    "reporting": 15.0,
                    "hazards": -5.0,
                }
            },
            "指标权重：hazards 的权重为负数",
        ),
        (
            {
                "weights": {
                    "stages": 25.0,
                    "assessment": 25.0,
                    "activities": 20.0,
                    "reporting": 15.0,
                    "hazards": 10.0,
                }
            },
            "指标权重：合计须为 100，现为 95",
        ),
        (
            {"bands": (Band("excellent", 95), Band("pass", 96), Band("fail", 0))},
            "下限须从高到低排列，现为 95、96、0",
        ),
        ({"bands": (Band("excellent", 95), Band("fail", 10))}, "最后一档（fail）的下限须为 0，现为 10"),
        ({"bands": (Band("gold", 95), Band("fail", 0))}, "未知的档次 gold"),
        ({"vetoes": (Veto("flood"),)}, "未知的否决项 flood"),
        ({"vetoes": (Veto("participation", 130.0),)}, "participation 的否决线须为 0 至 100"),
        ({"vetoes": (Veto("missing_report", 5.0),)}, "missing_report 没有否决线"),
        ({"vetoes": (Veto("missing_report"), Veto("missing_report"))}, "否决项 missing_report 重复"),
        ({"county_weights": {"units": 70.0, "attainment": 20.0}}, "县（区）得分权重：合计须为 100，现为 90"),
        ({"lists": ListRule(red_top=-1)}, "红榜名额不能为负数"),
    ],
)
def test_a_method_that_cannot_work_is_refused_saying_what_is_wrong(changes, message):
    with pytest.raises(MethodError, match=message):
        check_method(_with(**changes))


def test_the_default_method_passes_its_own_checks():
    check_method(DEFAULT_METHOD)


def test_a_refused_method_is_not_stored(programme_engine):
    pid = programme_id(programme_engine, "PR")
    with pytest.raises(MethodError):
        store_method(
            programme_engine, pid, _with(county_weights={"units": 50.0}), Scope.command_line("科员甲"), ""
        )
    assert method_versions(programme_engine, pid) == []
