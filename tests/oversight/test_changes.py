"""Year-on-year change, worked out by hand on tiny frames."""

import doctest

import pandas as pd

import oversight.changes
from oversight.changes import year_on_year


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "domain": ["fire", "fire", "fire", "home", "home"],
            "year": [2014, 2015, 2017, 2014, 2015],
            "injuries": [4, 3, 5, 0, 2],
        }
    )


def _values(frame: pd.DataFrame, column: str) -> list:
    return [None if pd.isna(v) else float(v) for v in frame[column]]


def test_each_year_is_compared_with_the_calendar_year_before():
    changed = year_on_year(_frame(), ["injuries"], keys=["domain"])
    # fire 2015: 3 against 4 → −1, −25%; fire 2017: 2016 is missing → unknown, not 2015.
    # home 2015: 2 against 0 → +2, no percentage from a zero base.
    assert _values(changed, "injuries_previous") == [None, 4.0, None, None, 0.0]
    assert _values(changed, "injuries_change") == [None, -1.0, None, None, 2.0]
    assert _values(changed, "injuries_change_pct") == [None, -25.0, None, None, None]


def test_the_input_is_left_alone_and_rows_keep_their_order():
    frame = _frame()
    changed = year_on_year(frame, ["injuries"], keys=["domain"])
    assert list(frame.columns) == ["domain", "year", "injuries"]
    assert changed[["domain", "year", "injuries"]].equals(frame)


def test_several_values_and_no_keys():
    frame = pd.DataFrame({"year": [2019, 2020], "accidents": [10, 12], "injuries": [8, 6]})
    changed = year_on_year(frame, ["accidents", "injuries"])
    assert _values(changed, "accidents_change_pct") == [None, 20.0]
    assert _values(changed, "injuries_change") == [None, -2.0]
    assert _values(changed, "injuries_change_pct") == [None, -25.0]


def test_an_unchanged_value_is_zero_change():
    changed = year_on_year(pd.DataFrame({"year": [2019, 2020], "accidents": [3, 3]}), ["accidents"])
    assert _values(changed, "accidents_change") == [None, 0.0]
    assert _values(changed, "accidents_change_pct") == [None, 0.0]


def test_docstring_example():
    assert doctest.testmod(oversight.changes).failed == 0


def test_years_covering_different_months_are_not_compared():
    # A programme that began in May: 2008 has May–June (2 months, 1 accident), 2009 has
    # January–June (6 months, 14 accidents).  "+13 (+1300%)" would compare six months with
    # two; the change is unknown, the previous figure and its months are kept to say why.
    frame = pd.DataFrame({"year": [2008, 2009, 2010], "months": [2, 6, 6], "accidents": [1, 14, 7]})
    changed = year_on_year(frame, ["accidents"], months="months")
    assert changed["comparable"].tolist() == [False, False, True]
    assert _values(changed, "accidents_previous") == [None, 1.0, 14.0]
    assert _values(changed, "months_previous") == [None, 2.0, 6.0]
    # 2010 against 2009, both January–June: 7 − 14 = −7, −50%.
    assert _values(changed, "accidents_change") == [None, None, -7.0]
    assert _values(changed, "accidents_change_pct") == [None, None, -50.0]
