"""Year-on-year change (同比), the way monthly circulars report accidents and injuries.

A year is compared with the calendar year before it, never with whichever earlier row
happens to precede it: a gap year leaves the change unknown rather than comparing with
two years back.  A percentage needs a non-zero base; from zero it is unknown, and the
absolute change still says what happened.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def year_on_year(
    frame: pd.DataFrame, values: Sequence[str], keys: Sequence[str] = (), year: str = "year"
) -> pd.DataFrame:
    """A copy of ``frame`` with, for each column in ``values``, the previous year's value and
    the change from it: ``<value>_previous``, ``<value>_change``, ``<value>_change_pct``.

    ``keys`` name the columns that identify a series (a domain, a unit); each row is
    matched with the row of the same keys and ``year - 1``.  Unknown figures are NA.

    Examples
    --------
    >>> frame = pd.DataFrame({"year": [2014, 2015], "injuries": [4, 3]})
    >>> year_on_year(frame, ["injuries"])["injuries_change_pct"].tolist()[1]
    -25.0
    """
    keys = list(keys)
    previous = frame[[*keys, year, *values]].copy()
    previous[year] = previous[year] + 1
    previous = previous.rename(columns={value: f"{value}_previous" for value in values})
    result = frame.merge(previous, on=[*keys, year], how="left", validate="one_to_one")
    for value in values:
        before = result[f"{value}_previous"].astype("Float64")
        change = result[value].astype("Float64") - before
        result[f"{value}_previous"] = before
        result[f"{value}_change"] = change
        result[f"{value}_change_pct"] = (100 * change / before.where(before != 0)).astype("Float64")
    return result
