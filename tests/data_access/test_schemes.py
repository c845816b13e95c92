"""Grading schemes and their grade values and parts, on tests/fixture_programme.py and
tests/fixture_community.py, and the 150-point programme PR150 of ``engine_with_more``
(tests/data_access/conftest.py)."""

from __future__ import annotations

from sqlalchemy import select

from data_access import catalogue, schemes
from data_access.models import Programme
from data_access.schemes import grading_scheme
from data_access.units import unit_history
from tests.data_access.conftest import rows


def test_grade_values_and_parts_of_the_units_scheme(community_engine):
    used = tuple(sorted(set(unit_history(community_engine, "U11").reports["scheme_id"])))
    values = schemes.scheme_grade_values(community_engine, used)
    assert rows(values, ["code", "fraction"]) == [["A", 1.0], ["B", 0.5], ["C", 0.0]]
    assert list(schemes.scheme_parts(community_engine, used)["code"]) == ["overall"]
    assert len(catalogue.indicator_items(community_engine)) == 45


def test_grading_schemes(engine_with_more):
    abc = grading_scheme(engine_with_more, _scheme_id(engine_with_more, "PR"))
    assert abc[["code", "max_points", "parts"]].iloc[0].tolist() == ["abc", 45.0, 1]
    onsite = grading_scheme(engine_with_more, _scheme_id(engine_with_more, "PR150"))
    # 45 items × 3 parts of 1 point, and 15 items whose effect is worth 2: 135 + 15.
    assert onsite[["code", "max_points", "parts", "pass_mark"]].iloc[0].tolist() == [
        "onsite150",
        150.0,
        3,
        100.0,
    ]
    assert grading_scheme(engine_with_more, 9999).empty


def _scheme_id(engine, code: str) -> int:
    with engine.connect() as connection:
        return connection.execute(select(Programme.scheme_id).where(Programme.code == code)).scalar_one()
