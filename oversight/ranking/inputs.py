"""What a month's ranking is computed from, as :func:`data_access.ranking.ranking_inputs`
reads it: aggregated in SQL to a few rows per unit, so the computation here stays pure.

Everything is as it stood at ``judged_at``, the end of the deadline day of the ranked
month's report (:func:`judged_at`): a report first submitted later counts as missing, a
stage entered after the month's end does not count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from oversight.periods import report_deadline
from oversight.target_history import TargetHistory

UNIT_COLUMNS = [
    "unit_id",
    "unit_code",
    "unit_zh",
    "unit_en",
    "county_id",
    "enrolled_on",
    "owed_from",
    "owed_to",
    "assessment",
    "assessment_month",
    "hazards_found",
    "hazards_rectified",
    "deaths",
    "participation_rate",
    "satisfaction_rate",
]
"""``units``: one row per enrolled unit.  ``owed_from``/``owed_to`` the months it owes
reports in (first days); ``assessment`` its latest self-assessment score up to the month
(None when none) and the month of it; the hazards summed over the year to the month;
``deaths`` and the two rates those of the month's report (0 and None without one).  Codes
and names are Python strings in object columns, days ``datetime.date``: the ranking reads
them as they are."""

REPORT_COLUMNS = ["unit_id", "month", "first_submitted_at", "complete"]
"""``reports``: one row per current report of the year to the month first submitted by
``judged_at``; ``complete`` when it gives both rates.  Held as Python values (ints,
``datetime.date``, ``datetime.datetime``, bools) in object columns: the ranking reads
the year's 60,000 reports of a province one by one, and converts none of them."""

ACTIVITY_COLUMNS = ["unit_id", "rule_code", "first_month", "last_month", "value"]
"""``activities``: one row per unit × count rule × calendar period of the year up to the
month (the running one included): the rule's measure summed over it (a float); the
months as ``datetime.date``."""

RULE_COLUMNS = ["code", "name_zh", "name_en", "measure", "period", "minimum", "strict", "fail_below"]
"""``rules``: the hard rules that count activities (aggregate 'sum')."""

COUNTY_COLUMNS = ["county_id", "county_code", "county_zh", "county_en"]
"""``counties``: every county-level unit of the region (or the one the region is, or
lies in)."""


@dataclass(frozen=True)
class RankingInputs:
    """The data of one programme's ranking in one region for one report month.

    ``planned`` and ``events`` are the planned stages and the units' stage events as
    :func:`oversight.schedule.judge_schedule` takes them (events up to the month's end);
    ``targets`` are the programme's target rows of the counties (those of
    :func:`data_access.attainment.target_progress` on the month's last day) and
    ``target_history`` their history, for :func:`oversight.forecast.forecast_targets`.
    """

    region_code: str
    region_zh: str
    region_en: str
    region_level: str
    programme_code: str
    programme_zh: str
    programme_en: str
    month: dt.date
    deadline_day: int
    units: pd.DataFrame
    counties: pd.DataFrame
    reports: pd.DataFrame
    activities: pd.DataFrame
    rules: pd.DataFrame
    planned: pd.DataFrame
    events: pd.DataFrame
    stage_seq: dict[str, int]
    targets: pd.DataFrame
    target_history: TargetHistory

    @property
    def judged_at(self) -> dt.datetime:
        return judged_at(self.month, self.deadline_day)


def judged_at(month: dt.date, deadline_day: int) -> dt.datetime:
    """The moment a month is ranked at: the very end of its report's deadline day, so a
    report not in by then is missing (:func:`oversight.reporting.report_status`)."""
    return dt.datetime.combine(report_deadline(month, deadline_day).date(), dt.time.max)
