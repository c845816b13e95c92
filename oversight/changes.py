"""Year-on-year change (同比), the way monthly circulars report accidents and injuries.

A year is compared with the calendar year before it, never with whichever earlier row
happens to precede it: a gap year leaves the change unknown rather than comparing with
two years back.  Like is compared with like: when the rows say how many months each
year's figures cover, two years covering a different number of months are not compared
(a programme that began in May has two months of the year before to set against six,
and "+1300%" would be the calendar's doing, not the unit's).  A percentage needs a
non-zero base; from zero it is unknown, and the absolute change still says what
happened.  The rule is written down in ``docs/year_on_year.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def year_on_year(
    frame: pd.DataFrame,
    values: Sequence[str],
    keys: Sequence[str] = (),
    year: str = "year",
    months: str | None = None,
) -> pd.DataFrame:
    """A copy of ``frame`` with, for each column in ``values``, the previous year's value and
    the change from it: ``<value>_previous``, ``<value>_change``, ``<value>_change_pct``;
    and ``comparable``, whether the change could be worked out.

    ``keys`` name the columns that identify a series (a domain, a unit); each row is
    matched with the row of the same keys and ``year - 1``.  ``months`` names the column
    holding how many months a row's figures cover; when given, a previous year covering
    a different number of months is kept in ``<value>_previous`` (and ``<months>_previous``)
    but the change is unknown and ``comparable`` is False.  Unknown figures are NA.

    Examples
    --------
    >>> frame = pd.DataFrame({"year": [2014, 2015], "injuries": [4, 3]})
    >>> year_on_year(frame, ["injuries"])["injuries_change_pct"].tolist()[1]
    -25.0
    """
    keys = list(keys)
    carried = [*values, *([months] if months else [])]
    previous = frame[[*keys, year, *carried]].copy()
    previous[year] = previous[year] + 1
    previous = previous.rename(columns={column: f"{column}_previous" for column in carried})
    result = frame.merge(previous, on=[*keys, year], how="left", validate="one_to_one")
    comparable = result[f"{values[0]}_previous"].notna()
    if months:
        comparable &= result[months].astype("Float64") == result[f"{months}_previous"].astype("Float64")
    result["comparable"] = comparable.fillna(False).astype(bool)
    for value in values:
        before = result[f"{value}_previous"].astype("Float64")
        change = (result[value].astype("Float64") - before).where(result["comparable"])
        result[f"{value}_previous"] = before
        result[f"{value}_change"] = change
        result[f"{value}_change_pct"] = (100 * change / before.where(before != 0)).astype("Float64")
    return result
