"""The headline figures of a monthly circular (总体情况), read as the data stood at the end
of the month's report deadline day, the moment the ranking is judged at.

Counts are aggregated in SQL; the report verdicts come from
:func:`data_access.progress.reporting_status` (the one lateness rule), units by stage from
:func:`data_access.stages.stage_counts`, titles from :func:`data_access.titles.titles_held`.
The changes (同比, 环比) are worked out by :func:`oversight.circular.figures.compare`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from data_access.database import read_frame, read_rows
from data_access.models import (
    Programme,
    ProgrammeUnit,
    Region,
    Report,
    ReportDomain,
    SubsidyAllocation,
    SubsidyDisbursement,
)
from data_access.progress import reporting_status
from data_access.regions import RegionRef, within
from data_access.stages import stage_counts
from data_access.titles import titles_held
from data_access.units import enrolled_units
from oversight.circular.figures import (
    OUTCOMES,
    CircularFigures,
    CountyFigures,
    Outcome,
    ReportCounts,
    StageCount,
    TitleCount,
    compare,
)
from oversight.periods import month_end, months_between
from oversight.ranking.inputs import judged_at


def circular_figures(engine: Engine, region: RegionRef, month: dt.date, programme_id: int) -> CircularFigures:
    """The figures of the circular of report month ``month`` for ``programme_id``'s units in
    ``region`` (:class:`oversight.circular.figures.CircularFigures`)."""
    month = month.replace(day=1)
    programme = read_rows(
        engine,
        select(
            Programme.code,
            Programme.name_zh,
            Programme.name_en,
            Programme.start_date,
            Programme.end_date,
            Programme.report_deadline_day,
        ).where(Programme.id == programme_id),
    )[0]
    deadline_day = int(programme.report_deadline_day)
    at = judged_at(month, deadline_day)
    end = month_end(month)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    start = programme.start_date.replace(day=1)

    series = _monthly_outcomes(engine, region, programme_id, dt.date(month.year - 1, 1, 1), month, at)
    stages = stage_counts(engine, region, [end], programme_id)
    titles = titles_held(engine, region, [end])
    return CircularFigures(
        region_code=region.code,
        region_zh=region.name_zh,
        region_en=region.name_en or region.code,
        programme_code=programme.code,
        programme_zh=programme.name_zh,
        programme_en=programme.name_en,
        month=month,
        judged_at=at,
        units=_units_enrolled(engine, region, programme_id, end),
        reports_month=_report_counts(engine, region, programme_id, deadline_day, [month], at),
        reports_previous_month=(
            _report_counts(
                engine, region, programme_id, deadline_day, [previous], judged_at(previous, deadline_day)
            )
            if previous >= start
            else None
        ),
        reports_year=_report_counts(
            engine,
            region,
            programme_id,
            deadline_day,
            months_between(max(start, dt.date(month.year, 1, 1)), month),
            at,
        ),
        outcomes=_outcomes(series, month, previous),
        counties=_counties(engine, region, programme_id, end, stages),
        titles=tuple(
            TitleCount(r.level_code, r.level_zh, r.level_en, int(r.units)) for r in titles.itertuples()
        ),
    )


def _units_enrolled(engine: Engine, region: RegionRef, programme_id: int, day: dt.date) -> int:
    return read_rows(
        engine,
        select(func.count())
        .select_from(ProgrammeUnit)
        .join(Region, Region.id == ProgrammeUnit.unit_id)
        .where(
            ProgrammeUnit.programme_id == programme_id,
            ProgrammeUnit.enrolled_on <= day,
            within(Region, region),
        ),
    )[0][0]


def _report_counts(
    engine: Engine,
    region: RegionRef,
    programme_id: int,
    deadline_day: int,
    months: list[dt.date],
    at: dt.datetime,
) -> ReportCounts:
    """Owed reports of ``months``, each judged at ``at``."""
    frame = reporting_status(engine, programme_id, deadline_day, [(m, at) for m in months], region)
    counts = frame["status"].value_counts()
    return ReportCounts(
        owed=len(frame),
        on_time=int(counts.get("on_time", 0)),
        late=int(counts.get("late", 0)),
        missing=int(counts.get("missing", 0)),
    )


def _monthly_outcomes(
    engine: Engine, region: RegionRef, programme_id: int, first: dt.date, last: dt.date, at: dt.datetime
) -> pd.DataFrame:
    """One row per month from ``first`` to ``last`` with a report: how many reports, and
    the sums of :data:`~oversight.circular.figures.OUTCOMES` over each unit's latest
    revision submitted by ``at`` (a later correction is not yet known then)."""
    known = (
        select(Report.unit_id, Report.month, func.max(Report.revision).label("revision"))
        .join(Region, Region.id == Report.unit_id)
        .where(
            Report.submitted_at <= at,
            Report.month.between(first, last),
            within(Region, region),
            Report.unit_id.in_(enrolled_units(programme_id)),
        )
        .group_by(Report.unit_id, Report.month)
        .subquery("known")
    )
    shown = (
        select(Report.id, Report.month, Report.hazards_found, Report.hazards_rectified)
        .join(
            known,
            and_(
                known.c.unit_id == Report.unit_id,
                known.c.month == Report.month,
                known.c.revision == Report.revision,
            ),
        )
        .subquery("shown")
    )
    domains = (
        select(
            ReportDomain.report_id,
            func.sum(ReportDomain.accidents).label("accidents"),
            func.sum(ReportDomain.injuries).label("injuries"),
            func.sum(ReportDomain.deaths).label("deaths"),
        )
        .where(ReportDomain.report_id.in_(select(shown.c.id)))
        .group_by(ReportDomain.report_id)
        .subquery("domains")
    )
    query = (
        select(
            shown.c.month,
            func.count().label("reports"),
            *(
                func.coalesce(func.sum(domains.c[name]), 0).label(name)
                for name in ("accidents", "injuries", "deaths")
            ),
            func.sum(shown.c.hazards_found).label("hazards_found"),
            func.sum(shown.c.hazards_rectified).label("hazards_rectified"),
        )
        .select_from(shown)
        .outerjoin(domains, domains.c.report_id == shown.c.id)
        .group_by(shown.c.month)
        .order_by(shown.c.month)
    )
    frame = read_frame(engine, query, dates=["month"])
    for column in ("reports", *OUTCOMES):
        frame[column] = frame[column].astype("int64")
    return frame.set_index("month")


def _outcomes(series: pd.DataFrame, month: dt.date, previous: dt.date) -> tuple[Outcome, ...]:
    last_year = month.replace(year=month.year - 1)

    def at(day: dt.date, column: str) -> int | None:
        return int(series.at[day, column]) if day in series.index else None

    def span(year: int, column: str) -> int:
        rows = series[[m.year == year and m.month <= month.month for m in series.index]]
        return int(rows[column].sum())

    reports = {
        "month": at(month, "reports") or 0,
        "previous": at(previous, "reports") or 0,
        "last_year": at(last_year, "reports") or 0,
        "ytd": span(month.year, "reports"),
        "last_ytd": span(month.year - 1, "reports"),
    }
    outcomes = []
    for code in OUTCOMES:
        now, ytd = at(month, code) or 0, span(month.year, code)
        outcomes.append(
            Outcome(
                code=code,
                month=now,
                year_to_date=ytd,
                month_on_month=compare(now, reports["month"], at(previous, code), reports["previous"]),
                year_on_year=compare(now, reports["month"], at(last_year, code), reports["last_year"]),
                year_to_date_on_year=compare(
                    ytd, reports["ytd"], span(month.year - 1, code), reports["last_ytd"]
                ),
            )
        )
    return tuple(outcomes)


def _counties(
    engine: Engine, region: RegionRef, programme_id: int, day: dt.date, stages: pd.DataFrame
) -> tuple[CountyFigures, ...]:
    """Every county-level unit of the region with units enrolled: its units by stage (from
    :func:`data_access.stages.stage_counts`) and its subsidy by ``day``."""
    money = _county_money(engine, region, programme_id, day)
    counties = []
    for code, rows in stages.groupby("county_code", sort=True):
        first = rows.iloc[0]
        paid = money.get(code, (0.0, 0.0))
        counties.append(
            CountyFigures(
                code=code,
                name_zh=first["county_zh"],
                name_en=first["county_en"] or code,
                units=int(rows["units"].sum()),
                stages=tuple(
                    StageCount(r.stage_code, r.stage_zh, r.stage_en, int(r.units))
                    for r in rows.sort_values("stage_seq").itertuples()
                ),
                allocated=paid[0],
                disbursed=paid[1],
            )
        )
    return tuple(counties)


def _county_money(
    engine: Engine, region: RegionRef, programme_id: int, day: dt.date
) -> dict[str, tuple[float, float]]:
    """Per county code: the programme's subsidy allocated to the county or one of its units
    by ``day``, and disbursed against those allocations by then (yuan)."""
    recipient = Region.__table__.alias("recipient")
    county = Region.__table__.alias("county")
    county_of = case((recipient.c.level == "county", recipient.c.id), else_=recipient.c.county_id)
    paid = (
        select(SubsidyDisbursement.allocation_id, func.sum(SubsidyDisbursement.amount).label("amount"))
        .where(SubsidyDisbursement.disbursed_on <= day)
        .group_by(SubsidyDisbursement.allocation_id)
        .subquery("paid")
    )
    query = (
        select(
            county.c.code,
            func.sum(SubsidyAllocation.amount).label("allocated"),
            func.coalesce(func.sum(paid.c.amount), 0).label("disbursed"),
        )
        .select_from(SubsidyAllocation)
        .join(recipient, recipient.c.id == SubsidyAllocation.recipient_region_id)
        .join(county, county.c.id == county_of)
        .outerjoin(paid, paid.c.allocation_id == SubsidyAllocation.id)
        .where(
            SubsidyAllocation.programme_id == programme_id,
            SubsidyAllocation.allocated_on <= day,
            recipient.c.level.in_(("county", "unit")),
            within(recipient.c, region),
        )
        .group_by(county.c.code)
    )
    return {row.code: (float(row.allocated), float(row.disbursed)) for row in read_rows(engine, query)}
