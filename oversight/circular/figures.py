"""The headline figures of a monthly circular (总体情况): what the region's programme holds
in the month ranked and in the year to date, with 同比 and 环比 where the data allow.

Read by :func:`data_access.circular_figures.circular_figures`; stored with an issued
circular as JSON (:meth:`CircularFigures.to_json`), which reads back equal.  A change is
worked out by the one rule of ``docs/year_on_year.md`` (:func:`oversight.changes.year_on_year`):
two spans are compared only when they hold the same number of monthly reports, and a
percentage needs a base above zero.  环比 follows the same rule, the month before standing
in for the year before.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

import pandas as pd

from oversight import catalogue
from oversight.changes import year_on_year

OUTCOMES = ("accidents", "injuries", "deaths", "hazards_found", "hazards_rectified")
"""The counts a circular reports with their changes, in the order it names them."""


@dataclass(frozen=True)
class Change:
    """A figure against an earlier span: ``base`` its value then (None when that span
    holds no report), ``change`` the difference and ``percent`` it over the base (None
    when the spans are not comparable; ``percent`` also None from a base of 0)."""

    base: int | None
    change: int | None
    percent: float | None

    @property
    def comparable(self) -> bool:
        return self.change is not None


@dataclass(frozen=True)
class Outcome:
    """One count (:data:`OUTCOMES`) over the region's current reports: in the month and in
    the year to date, with 环比 (the month before) and 同比 (the same month, and the same
    months, of the year before)."""

    code: str
    month: int
    year_to_date: int
    month_on_month: Change
    year_on_year: Change
    year_to_date_on_year: Change


@dataclass(frozen=True)
class ReportCounts:
    """Reports owed and their verdicts by :func:`oversight.reporting.report_status`."""

    owed: int
    on_time: int
    late: int
    missing: int


@dataclass(frozen=True)
class StageCount:
    code: str
    name_zh: str
    name_en: str
    units: int


@dataclass(frozen=True)
class CountyFigures:
    """A county-level unit: its enrolled units by stage at the month's end, and the
    subsidy allocated to it or its units and disbursed by then (yuan)."""

    code: str
    name_zh: str
    name_en: str
    units: int
    stages: tuple[StageCount, ...]
    allocated: float
    disbursed: float

    @property
    def undisbursed(self) -> float:
        return self.allocated - self.disbursed


@dataclass(frozen=True)
class TitleCount:
    """Units of the region holding a valid title of a level at the month's end."""

    level_code: str
    name_zh: str
    name_en: str
    units: int


@dataclass(frozen=True)
class CircularFigures:
    """The figures of one programme in one region for one report month, judged as the
    data stood at ``judged_at`` (the end of the month's report deadline day)."""

    region_code: str
    region_zh: str
    region_en: str
    programme_code: str
    programme_zh: str
    month: dt.date
    judged_at: dt.datetime
    units: int
    reports_month: ReportCounts
    reports_previous_month: ReportCounts | None
    reports_year: ReportCounts
    outcomes: tuple[Outcome, ...]
    counties: tuple[CountyFigures, ...]
    titles: tuple[TitleCount, ...]
    programme_en: str = ""
    """Read back as empty from a circular stored before it was kept; the English preview
    then names the programme in Chinese."""

    def programme(self, lang: str) -> str:
        return self.programme_zh if lang == "zh" else self.programme_en or self.programme_zh

    def outcome(self, code: str) -> Outcome:
        return next(o for o in self.outcomes if o.code == code)

    @property
    def allocated(self) -> float:
        return sum(c.allocated for c in self.counties)

    @property
    def disbursed(self) -> float:
        return sum(c.disbursed for c in self.counties)

    def to_json(self) -> str:
        data = asdict(self)
        data["month"] = self.month.isoformat()
        data["judged_at"] = self.judged_at.isoformat()
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CircularFigures:
        data = json.loads(text)
        previous = data["reports_previous_month"]
        return cls(
            region_code=data["region_code"],
            region_zh=data["region_zh"],
            region_en=data["region_en"],
            programme_code=data["programme_code"],
            programme_zh=data["programme_zh"],
            programme_en=data.get("programme_en", ""),
            month=dt.date.fromisoformat(data["month"]),
            judged_at=dt.datetime.fromisoformat(data["judged_at"]),
            units=data["units"],
            reports_month=ReportCounts(**data["reports_month"]),
            reports_previous_month=None if previous is None else ReportCounts(**previous),
            reports_year=ReportCounts(**data["reports_year"]),
            outcomes=tuple(
                Outcome(
                    code=o["code"],
                    month=o["month"],
                    year_to_date=o["year_to_date"],
                    month_on_month=Change(**o["month_on_month"]),
                    year_on_year=Change(**o["year_on_year"]),
                    year_to_date_on_year=Change(**o["year_to_date_on_year"]),
                )
                for o in data["outcomes"]
            ),
            counties=tuple(
                CountyFigures(
                    **{k: v for k, v in c.items() if k != "stages"},
                    stages=tuple(StageCount(**s) for s in c["stages"]),
                )
                for c in data["counties"]
            ),
            titles=tuple(TitleCount(**t) for t in data["titles"]),
        )


def stage_columns(figures: CircularFigures) -> list[StageCount]:
    """The stages any county has units in, in path order (the catalogue's), each with the
    region's units there: the columns of a table, the colours of a chart."""
    totals: dict[str, StageCount] = {}
    for county in figures.counties:
        for s in county.stages:
            before = totals.get(s.code)
            totals[s.code] = StageCount(
                s.code, s.name_zh, s.name_en, s.units + (before.units if before else 0)
            )
    order = [stage["code"] for stage in catalogue.load("reference")["stages"]]
    return sorted(totals.values(), key=lambda s: order.index(s.code) if s.code in order else len(order))


def compare(now: int, now_reports: int, base: int | None, base_reports: int) -> Change:
    """``now`` (over ``now_reports`` monthly reports) against ``base`` (over
    ``base_reports``), by the year-on-year rule; a base span without reports has no base."""
    if base is None or base_reports == 0:
        return Change(None, None, None)
    frame = pd.DataFrame({"year": [0, 1], "value": [base, now], "reports": [base_reports, now_reports]})
    row = year_on_year(frame, ["value"], months="reports").iloc[1]
    if not row["comparable"]:
        return Change(int(base), None, None)
    percent = row["value_change_pct"]
    return Change(int(base), int(row["value_change"]), None if pd.isna(percent) else round(float(percent), 1))
