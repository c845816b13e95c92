"""填报情况 Reporting status: which units' monthly reports are in, on time, late, missing or
corrected, unit by unit, and how complete and timely each county's reporting is.

One statement gathers, for every unit of a region and every month it owes a report in
(``docs/rules.md``, section 2), its first submission and how many revisions it had by the
moment judged; the verdicts come from the one rule,
:func:`oversight.reporting.report_status`, in Python: one row per unit and month, never a
whole table.  A unit enrolled in two programmes reports by the deadline of the one that
started first (:func:`oversight.reporting.report_deadlines`).  The page and its method are
described in ``docs/reporting_status.md``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Date, Engine, and_, func, literal, select, union_all
from sqlalchemy.orm import aliased

from data_access.access import reads
from data_access.database import read_frame
from data_access.models import Programme, ProgrammeUnit, Region, Report
from data_access.regions import RegionRef, within
from oversight.periods import month_end, months_between, report_deadline
from oversight.reporting import report_status

MATRIX_COLUMNS = [
    "unit_id",
    "unit_code",
    "unit_zh",
    "unit_en",
    "county_id",
    "county_code",
    "county_zh",
    "county_en",
    "month",
    "deadline",
    "first_submitted_at",
    "revisions",
    "status",
    "corrected",
]
CHASED = ("missing", "pending")
"""The verdicts of a report still to come: overdue, or not yet due."""
JUDGED = ("on_time", "late", "missing")
"""The verdicts of a report that is in or overdue: the rates' denominator (a report not
yet due counts once it arrives, on time)."""
COUNTS = ("owed", "on_time", "late", "missing", "pending", "corrected")


@reads("region")
def reporting_matrix(
    engine: Engine,
    region: RegionRef,
    first_month: dt.date,
    last_month: dt.date,
    as_of: dt.datetime,
    programme_id: int | None = None,
) -> pd.DataFrame:
    """One row per unit of ``region`` × month from ``first_month`` to ``last_month`` that
    the unit owes a report for (in the programme, or in any), as it stood at ``as_of``.

    ``status`` is :func:`~oversight.reporting.report_status` of the first submission made
    by ``as_of``: on_time, late, missing or pending (not in, not yet due).  ``corrected``
    is true when a later revision had been submitted by then (a correction never changes
    the status: the first submission counts).  Columns: :data:`MATRIX_COLUMNS`; ordered
    by county code, unit code and month.
    """
    months = months_between(first_month.replace(day=1), last_month.replace(day=1))
    if not months:
        return pd.DataFrame(columns=MATRIX_COLUMNS)
    calendar = union_all(
        *(
            select(literal(month, Date).label("month"), literal(month_end(month), Date).label("month_end"))
            for month in months
        )
    ).subquery("calendar")
    unit, county = Region, aliased(Region, name="county")
    submitted = (
        select(
            Report.unit_id,
            Report.month,
            func.min(Report.submitted_at).label("first_submitted_at"),
            func.count().label("revisions"),
        )
        .join(unit, unit.id == Report.unit_id)
        .where(
            within(unit, region),
            Report.month.between(months[0], months[-1]),
            Report.submitted_at <= as_of,
        )
        .group_by(Report.unit_id, Report.month)
        .subquery("submitted")
    )
    query = (
        select(
            unit.id.label("unit_id"),
            unit.code.label("unit_code"),
            unit.name_zh.label("unit_zh"),
            unit.name_en.label("unit_en"),
            unit.county_id,
            county.code.label("county_code"),
            county.name_zh.label("county_zh"),
            county.name_en.label("county_en"),
            calendar.c.month,
            calendar.c.month_end,
            ProgrammeUnit.enrolled_on,
            Programme.start_date,
            Programme.report_deadline_day,
            submitted.c.first_submitted_at,
            submitted.c.revisions,
        )
        .select_from(ProgrammeUnit)
        .join(Programme, Programme.id == ProgrammeUnit.programme_id)
        .join(unit, unit.id == ProgrammeUnit.unit_id)
        .outerjoin(county, county.id == unit.county_id)
        # The months each programme runs in; which of them a unit owes follows its enrolment.
        .join(
            calendar,
            and_(calendar.c.month_end >= Programme.start_date, calendar.c.month <= Programme.end_date),
        )
        .outerjoin(submitted, and_(submitted.c.unit_id == unit.id, submitted.c.month == calendar.c.month))
        .where(unit.level == "unit", within(unit, region))
        .order_by(county.code, unit.code, calendar.c.month, Programme.start_date, Programme.id)
    )
    if programme_id is not None:
        query = query.where(ProgrammeUnit.programme_id == programme_id)
    frame = read_frame(engine, query, dates=["month", "month_end", "enrolled_on", "start_date"])
    if frame.empty:
        return pd.DataFrame(columns=MATRIX_COLUMNS)
    owed = frame["month_end"] >= frame["enrolled_on"]
    owed_keys = set(zip(frame.loc[owed, "unit_id"], frame.loc[owed, "month"], strict=True))
    # The deadline is that of the programme that started first among those running in the
    # month (rows are ordered so), whether or not the unit had joined it yet, as
    # oversight.reporting.report_deadlines has it.
    frame = frame.drop_duplicates(["unit_id", "month"], keep="first")
    frame = frame[[key in owed_keys for key in zip(frame["unit_id"], frame["month"], strict=True)]]
    deadlines = {
        (month, day): report_deadline(month, int(day))
        for month, day in set(zip(frame["month"], frame["report_deadline_day"], strict=True))
    }
    frame = frame.assign(
        deadline=[deadlines[key] for key in zip(frame["month"], frame["report_deadline_day"], strict=True)],
        revisions=frame["revisions"].fillna(0).astype("int64"),
    )
    frame["status"] = [
        report_status(first, deadline, as_of)
        for first, deadline in zip(frame["first_submitted_at"], frame["deadline"], strict=True)
    ]
    frame["corrected"] = frame["revisions"] > 1
    return frame[MATRIX_COLUMNS].reset_index(drop=True)


@reads("region")
def chase_list(
    engine: Engine,
    region: RegionRef,
    month: dt.date,
    as_of: dt.datetime,
    programme_id: int | None = None,
) -> pd.DataFrame:
    """The units whose report for ``month`` was not in at ``as_of``: overdue ('missing')
    or, before the deadline, not yet in ('pending'), with their county, the deadline and
    the whole days since it (0 while pending or on the day after).  Columns: unit_code,
    unit_zh, unit_en, county_code, county_zh, county_en, deadline, status, days_overdue;
    overdue first, then by county and unit code."""
    matrix = reporting_matrix(engine, region, month, month, as_of, programme_id)
    chased = matrix[matrix["status"].isin(CHASED)].copy()
    chased["days_overdue"] = [
        max((as_of.date() - deadline.date()).days, 0) if status == "missing" else 0
        for deadline, status in zip(chased["deadline"], chased["status"], strict=True)
    ]
    chased["order"] = chased["status"].map({"missing": 0, "pending": 1})
    chased = chased.sort_values(["order", "county_code", "unit_code"], kind="stable")
    columns = ["unit_code", "unit_zh", "unit_en", "county_code", "county_zh", "county_en"]
    return chased[[*columns, "deadline", "status", "days_overdue"]].reset_index(drop=True)


@reads("region")
def completeness_by_county(
    engine: Engine,
    region: RegionRef,
    first_month: dt.date,
    last_month: dt.date,
    as_of: dt.datetime,
    programme_id: int | None = None,
) -> pd.DataFrame:
    """Per county of ``region`` and month: reports owed, on time, late, missing, pending
    and corrected, the reports in (on time + late), and the rates (DHIS2's reporting
    rate and reporting rate on time) over the reports judged, those in or overdue:
    ``completeness`` = in ÷ judged, ``timeliness`` = on time ÷ judged, in percent, None
    when nothing is judged yet.  Columns: county_id, county_code, county_zh, county_en,
    month, :data:`COUNTS`, received, judged, completeness, timeliness."""
    matrix = reporting_matrix(engine, region, first_month, last_month, as_of, programme_id)
    keys = ["county_id", "county_code", "county_zh", "county_en", "month"]
    if matrix.empty:
        return with_rates(pd.DataFrame(columns=[*keys, *COUNTS]))
    counted = matrix.assign(
        owed=1,
        **{status: matrix["status"] == status for status in (*JUDGED, "pending")},
    )
    totals = counted.groupby(keys, sort=False, dropna=False)[list(COUNTS)].sum().reset_index()
    return with_rates(totals.astype({column: "int64" for column in COUNTS}))


def with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` (owed, on_time, late, missing, …) with received, judged, completeness
    and timeliness added: the rates of :func:`completeness_by_county`, for any grouping
    (a county's year, the whole region's month)."""
    received = counts["on_time"] + counts["late"]
    judged = received + counts["missing"]
    return counts.assign(
        received=received,
        judged=judged,
        completeness=[_percent(part, whole) for part, whole in zip(received, judged, strict=True)],
        timeliness=[_percent(part, whole) for part, whole in zip(counts["on_time"], judged, strict=True)],
    )


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole
