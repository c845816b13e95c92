"""The fixtures the data_access tests share: the hand-written programme with the extra
data of one page's fixture module, and two small look-ups."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from data_access.loading import EnrolmentSpec, ProgrammeData, RegionSpec, load_programme_data
from data_access.models import Programme
from data_access.submissions import MonthlyReport
from tests.fixture_community import load_extra
from tests.fixture_district import add_district_data
from tests.fixture_programme import ALL_A, ALL_PARTS_A, year_programme
from tests.writing import submit_report

FEB = dt.date(2020, 2, 1)
INDICATOR_1 = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]


@pytest.fixture
def community_engine(programme_engine) -> Engine:
    """The programme with tests/fixture_community.py's extra data."""
    load_extra(programme_engine)
    return programme_engine


@pytest.fixture
def district_engine(programme_engine) -> Engine:
    """The programme with tests/fixture_district.py's extra data."""
    add_district_data(programme_engine)
    return programme_engine


@pytest.fixture
def engine_with_more(programme_engine) -> Engine:
    """The fixture programme, U12's February report, and a programme on the 150-point form.

    - U12, February 2020: the six items of indicator 1 graded B (half the points), the
      rest A → indicator 1 = 50%, composite (39 + 3) / 45 = 93.33%.
    - V1 (programme PR150, 150-point form), January 2021: every part 'a' except item 2.4,
      graded existence a, evidence b, effect d; 2.4's parts are worth 1, 1 and 2 points
      → 1 + 0.7 + 0 = 1.7 of 4 = 42.5%, failed (a part earned nothing).  Indicator 2:
      items 2.1–2.3 earn 3 of 3 each → (9 + 1.7) / 13 = 82.31%.
    """
    grades = ALL_A | {(code, "overall"): "B" for code in INDICATOR_1}
    submit_report(
        programme_engine,
        MonthlyReport("U12", FEB, dt.datetime(2020, 3, 5, 9), "测试员", "launched", grades=grades),
    )
    load_programme_data(
        programme_engine,
        ProgrammeData(
            regions=[
                RegionSpec("C2", "评分市", "city", "city", "P", "Scoring City"),
                RegionSpec("E1", "丙区", "county", "district", "C2", "District Three"),
                RegionSpec("V1", "街道V1", "unit", "street", "E1"),
            ],
            programmes=[
                year_programme(
                    "PR150",
                    "现场评定方案",
                    "On-site form programme",
                    "C2",
                    2021,
                    [EnrolmentSpec("V1", dt.date(2021, 1, 1))],
                    ("onsite150", 1),
                )
            ],
        ),
    )
    parts = ALL_PARTS_A | {("2.4", "evidence"): "b", ("2.4", "effect"): "d"}
    submit_report(
        programme_engine,
        MonthlyReport("V1", dt.date(2021, 1, 1), dt.datetime(2021, 2, 3), "测试员", "launched", grades=parts),
    )
    return programme_engine


def programme_id(engine: Engine, code: str) -> int:
    with engine.connect() as connection:
        return connection.execute(select(Programme.id).where(Programme.code == code)).scalar_one()


def rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].values.tolist()
