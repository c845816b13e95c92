"""The benchmark's hand-written queries (bench/best_sql.py) return what the data functions
they are timed against return, so the yardstick cannot drift from the pages.

On a small synthetic province (the benchmark's own loader, 40 units × 8 months), each page
is opened under AppTest as the benchmark opens it; every hand-written query is run with the
benchmark's parameters and its rows are compared, column by column, with the results of
the calls the page made to the function it stands for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re

import pandas as pd
import pytest
from sqlalchemy import text

from bench.apprun import run_page
from bench.best_sql import BEST
from bench.pages import choose_view
from data_access.engine import make_engine
from data_access.schema import initialise
from sample_data.province import load_province


def _target_totals(frame: pd.DataFrame, hand: bool) -> pd.DataFrame:
    """Per target, the units counted over and achieved: the hand-written query returns them
    per county (and the target's own row for budgets), the function per county where
    leaders read them so and for the whole scope, summed in Python, unless the view lies
    inside the scope (a county's view of a city-wide target keeps its county's row only)."""
    if not hand:
        scope = frame["role"] == "scope"
        frame = frame[scope | ~frame["target_id"].isin(frame.loc[scope, "target_id"])]
    totals = frame.groupby("target_id")[["units", "achieved"]].sum(min_count=1)
    return totals.reset_index().assign(allocated=frame.groupby("target_id")["allocated"].max().to_numpy())


# A function whose rows the hand-written query returns at another grain: both are brought
# to the function's own totals before comparing.
TOTALS = {"attainment.target_progress": _target_totals}
NOT_COMPARED = {
    # One row per unit with every measure (the hand-written query) against one row per unit
    # × rule (the function): the hard-rules track is redefining the windows; the query must
    # follow them, then be compared here.
    "hard_rules.hard_rule_measures",
}
# Columns a function adds that the hand-written query does not compute, each with why.
ADDED = {
    "target_history.target_history": {"region_id"},  # each event copied to every row it counts toward
}


_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _cell(value):
    """One cell in a form both drivers and both paths agree on: dates and times as ISO text
    (SQLite hands the statements' dates back as text), numbers as floats rounded to the
    cent, missing values as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return pd.Timestamp(value).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | decimal.Decimal):
        return round(float(value), 2)
    value = str(value)
    if _NUMBER.fullmatch(value):
        return round(float(value), 2)
    if _DATE.match(value):
        return value if len(value) == 10 else pd.Timestamp(value).isoformat(sep=" ")
    return value


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    found = [tuple(_cell(v) for v in row) for row in frame[columns].itertuples(index=False)]
    return sorted(found, key=repr)


def _frames(result) -> list[pd.DataFrame]:
    """A function's result as the frames a hand-written query's statements stand for."""
    if isinstance(result, pd.DataFrame):
        return [result.reset_index() if result.index.name else result]
    return [value for value in dataclasses.astuple(result) if isinstance(value, pd.DataFrame)]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('yardstick')}/province.db"
    engine = make_engine(url)
    initialise(engine)
    load_province(engine, 40, 8, seed=2015)
    yield url, engine, choose_view(engine)
    engine.dispose()


@pytest.mark.parametrize("script", sorted(BEST))
def test_each_hand_written_query_returns_what_its_function_returns(province, script):
    url, engine, view = province
    run = run_page(url, script, view.query(script), runs=0)
    assert not [p for p in run.problems if p.startswith("exception")], run.problems
    calls = run.recorder.unique_fetches("page")
    for query in BEST[script]:
        results = [call.result for call in calls if call.name == query.function]
        assert results, f"{script} made no call of {query.function}"
        expected_frames = [
            pd.concat(frames, ignore_index=True)
            for frames in zip(*(_frames(r) for r in results), strict=True)
        ]
        with engine.connect() as connection:
            hand = [
                pd.read_sql_query(text(sql), connection, params=view.sql_params())
                for sql in query.for_dialect(engine.dialect.name)
            ]
        if query.function in NOT_COMPARED:
            continue
        for statement in hand:
            # The function's frame this statement stands for: the one sharing most columns
            # (a history's frames come in another order than its statements).
            frame = max(expected_frames, key=lambda f: len(set(f.columns) & set(statement.columns)))
            if query.function in TOTALS:
                frame, statement = (
                    TOTALS[query.function](frame, False),
                    TOTALS[query.function](statement, True),
                )
            added = ADDED.get(query.function, set())
            columns = [c for c in frame.columns if c in statement.columns]
            assert len(columns) >= 3, (
                f"{query.function}: {list(statement.columns)} against {list(frame.columns)}"
            )
            found, written = _rows(frame, columns), _rows(statement, columns)
            if added:  # an event copied to several rows (or found once per county) counts once
                found, written = sorted(set(found), key=repr), sorted(set(written), key=repr)
            assert written == found, f"{script}: {query.result} ≠ {query.function}"
