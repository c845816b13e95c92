"""What a month's ranking is computed from (:class:`oversight.ranking.inputs.RankingInputs`),
aggregated in SQL: one row per enrolled unit with its year-to-date sums, the year's
report submissions, the planned stages and stage events, the count rules, and the
counties' target rows.  A handful of statements, never whole tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from data_access.attainment import target_progress
from data_access.database import reading, side_by_side
from data_access.hard_rules import HARD_RULES
from data_access.models import (
    Programme,
    ProgrammeStage,
    ProgrammeUnit,
    Region,
    Report,
    ReportDomain,
    ReportSummary,
    Stage,
    StageEvent,
)
from data_access.regions import RegionRef
from data_access.target_history import target_history
from data_access.units import enrolment_spans, units_in
from oversight.collection import collector_paused
from oversight.periods import as_date, month_end, period_of
from oversight.ranking.inputs import (
    ACTIVITY_COLUMNS,
    COUNTY_COLUMNS,
    REPORT_COLUMNS,
    RULE_COLUMNS,
    UNIT_COLUMNS,
    RankingInputs,
    judged_at,
)
from oversight.reporting import owed_spans

_BASE = [
    "unit_id",
    "unit_code",
    "unit_zh",
    "unit_en",
    "county_id",
    "county_code",
    "county_zh",
    "county_en",
    "enrolled_on",
    "hazards_found",
    "hazards_rectified",
    "participation_rate",
    "satisfaction_rate",
]


def ranking_inputs(engine: Engine, region: RegionRef, month: dt.date, programme_id: int) -> RankingInputs:
    """The inputs of the ranking of ``region``'s units enrolled in the programme by the end
    of report month ``month``, as the data stood at the end of that report's deadline day
    (:func:`oversight.ranking.inputs.judged_at`): only reports first submitted by then
    count (with the figures of their current revision), only stage events up to the
    month's end.  Read with the collector paused (:mod:`oversight.collection`)."""
    with collector_paused():
        return _ranking_inputs(engine, region, month, programme_id)


def _ranking_inputs(engine: Engine, region: RegionRef, month: dt.date, programme_id: int) -> RankingInputs:
    month = month.replace(day=1)
    last_day = month_end(month)
    with reading(engine) as reader:
        programme = reader.rows(
            select(Programme.code, Programme.name_zh, Programme.name_en, Programme.report_deadline_day).where(
                Programme.id == programme_id
            )
        )[0]
    at = judged_at(month, programme.report_deadline_day)
    units = units_in(region, programme_id).where(
        Region.id.in_(
            select(ProgrammeUnit.unit_id).where(
                ProgrammeUnit.programme_id == programme_id, ProgrammeUnit.enrolled_on <= last_day
            )
        )
    )
    unit_ids = units.with_only_columns(Region.id)
    (
        (base, activities, rules),
        (deaths, scores),
        (reports, plan),
        (planned, events, stage_seq),
        (targets, history),
    ) = side_by_side(
        engine,
        lambda: _unit_sums(engine, unit_ids, month, programme_id, at),
        lambda: _month_and_scores(engine, unit_ids, month, at),
        lambda: _reports(engine, unit_ids, month, programme_id, at),
        lambda: _stages(engine, unit_ids, month, programme_id),
        lambda: _targets(engine, region, last_day, programme.code),
    )
    spans = owed_spans(plan) if not plan.empty else pd.DataFrame(columns=["unit_id", "owed_from", "owed_to"])
    owed = dict(
        zip(spans["unit_id"].tolist(), zip(spans["owed_from"], spans["owed_to"], strict=True), strict=True)
    )
    units = _units_frame(base, scores, deaths, owed)
    counties = {row[5]: (row[4], *row[5:8]) for row in base}  # by county code
    counties = pd.DataFrame(
        [counties[code] for code in sorted(counties)], columns=COUNTY_COLUMNS, dtype=object
    ).astype({"county_id": "int64"})
    return RankingInputs(
        region_code=region.code,
        region_zh=region.name_zh,
        region_en=region.name_en or "",
        region_level=region.level,
        programme_code=programme.code,
        programme_zh=programme.name_zh,
        programme_en=programme.name_en,
        month=month,
        deadline_day=int(programme.report_deadline_day),
        units=units,
        counties=counties,
        reports=reports,
        activities=activities,
        rules=rules,
        planned=planned,
        events=events,
        stage_seq=stage_seq,
        targets=targets,
        target_history=history,
    )


def _unit_sums(engine: Engine, unit_ids, month: dt.date, programme_id: int, at: dt.datetime):
    """Per unit, by code, a row of :data:`_BASE`: names, county, enrolment, the year's
    hazards and the month's rates; the count rules' sums per period; the rules."""
    first = dt.date(month.year, 1, 1)
    with reading(engine) as reader:
        rules = [rule for rule in reader.rows(HARD_RULES) if rule.aggregate == "sum"]
        periods = [(rule, period) for rule in rules for period in _periods(first, month, rule.period)]
        county = Region.__table__.alias("county")
        in_month = ReportSummary.month == month
        sums = [
            func.coalesce(
                func.sum(case((ReportSummary.month.between(p_first, p_last), getattr(Report, rule.measure)))),
                0,
            )
            for rule, (p_first, p_last) in periods
        ]
        keys = (
            Region.id,
            Region.code,
            Region.name_zh,
            Region.name_en,
            Region.county_id,
            county.c.code,
            county.c.name_zh,
            county.c.name_en,
            ProgrammeUnit.enrolled_on,
        )
        query = (
            select(
                *keys,
                func.coalesce(func.sum(Report.hazards_found), 0),
                func.coalesce(func.sum(Report.hazards_rectified), 0),
                func.max(case((in_month, Report.participation_rate))),
                func.max(case((in_month, Report.satisfaction_rate))),
                *sums,
            )
            .select_from(Region)
            .join(county, county.c.id == Region.county_id)
            .join(
                ProgrammeUnit,
                and_(ProgrammeUnit.unit_id == Region.id, ProgrammeUnit.programme_id == programme_id),
            )
            .outerjoin(
                ReportSummary,
                and_(
                    ReportSummary.unit_id == Region.id,
                    ReportSummary.month.between(first, month),
                    ReportSummary.first_submitted_at <= at,
                ),
            )
            .outerjoin(Report, Report.id == ReportSummary.report_id)
            .where(Region.id.in_(unit_ids))
            .group_by(*keys)
        )
        rows = reader.rows(query)
    width = len(_BASE)
    base = sorted((tuple(row[:width]) for row in rows), key=lambda row: row[1])  # by unit code
    # Column by column: a frame from 3,000 row tuples is built by transposing them.
    activities = pd.DataFrame(
        {
            "unit_id": pd.Series([row[0] for row in rows for _ in periods], dtype="int64"),
            "rule_code": [rule.code for _ in rows for rule, _ in periods],
            "first_month": pd.Series([p_first for _ in rows for _, (p_first, _) in periods], dtype=object),
            "last_month": pd.Series([p_last for _ in rows for _, (_, p_last) in periods], dtype=object),
            "value": pd.Series(
                [float(value) for row in rows for value in row[width : width + len(periods)]], dtype=float
            ),
        },
        columns=ACTIVITY_COLUMNS,
    )
    rule_frame = pd.DataFrame(
        [[getattr(rule, c) for c in RULE_COLUMNS] for rule in rules], columns=RULE_COLUMNS
    )
    return base, activities, rule_frame


def _units_frame(base: list[tuple], scores: dict, deaths: dict, owed: dict) -> pd.DataFrame:
    """``RankingInputs.units`` from the rows of :func:`_unit_sums` (by code), the latest
    scores, the month's deaths and the months owed, built column by column: names stay
    Python strings in object columns, which the ranking reads as they are, rather than
    Arrow strings converted on the way in and again on the way out."""
    by_name = dict(zip(_BASE, zip(*base, strict=True) if base else [()] * len(_BASE), strict=True))
    ids = by_name["unit_id"]
    found = [owed.get(u, (None, None)) for u in ids]
    columns = {
        "unit_id": pd.Series(ids, dtype="int64"),
        **{name: pd.Series(by_name[name], dtype=object) for name in ("unit_code", "unit_zh", "unit_en")},
        "county_id": pd.Series(by_name["county_id"], dtype="int64"),
        "enrolled_on": pd.Series([as_date(day) for day in by_name["enrolled_on"]], dtype=object),
        "owed_from": pd.Series([span[0] for span in found], dtype=object),
        "owed_to": pd.Series([span[1] for span in found], dtype=object),
        "assessment": pd.Series([_score(scores.get(u)) for u in ids], dtype=float),
        "assessment_month": pd.Series([_scored_month(scores.get(u)) for u in ids], dtype=object),
        "hazards_found": pd.Series(by_name["hazards_found"], dtype="int64"),
        "hazards_rectified": pd.Series(by_name["hazards_rectified"], dtype="int64"),
        "deaths": pd.Series([int(deaths.get(u) or 0) for u in ids], dtype="int64"),
        "participation_rate": pd.Series(by_name["participation_rate"], dtype=float),
        "satisfaction_rate": pd.Series(by_name["satisfaction_rate"], dtype=float),
    }
    return pd.DataFrame(columns, columns=UNIT_COLUMNS)


def _month_and_scores(engine: Engine, unit_ids, month: dt.date, at: dt.datetime):
    """Per unit: the month's deaths, and its latest self-assessment score and month."""
    in_month = ReportSummary.month == month
    with reading(engine) as reader:
        deaths = dict(
            reader.rows(
                select(ReportSummary.unit_id, func.sum(ReportDomain.deaths))
                .join(ReportDomain, ReportDomain.report_id == ReportSummary.report_id)
                .where(ReportSummary.unit_id.in_(unit_ids), in_month, ReportSummary.first_submitted_at <= at)
                .group_by(ReportSummary.unit_id)
            )
        )
        # Each unit's latest scored month by a correlated ORDER BY month DESC LIMIT 1 over
        # the (unit, month) key: a group-by over the units' year read 8× as long
        # (docs/performance.md).
        ranked_unit, earlier = Region.__table__.alias("ranked_unit"), ReportSummary.__table__.alias("earlier")
        latest_month = (
            select(earlier.c.month)
            .where(
                earlier.c.unit_id == ranked_unit.c.id,
                earlier.c.month <= month,
                earlier.c.score.is_not(None),
                earlier.c.first_submitted_at <= at,
            )
            .order_by(earlier.c.month.desc())
            .limit(1)
            .scalar_subquery()
        )
        scores = {
            unit_id: (score, scored_month)
            for unit_id, scored_month, score in reader.rows(
                select(ranked_unit.c.id, ReportSummary.month, ReportSummary.score)
                .join(
                    ReportSummary,
                    and_(ReportSummary.unit_id == ranked_unit.c.id, ReportSummary.month == latest_month),
                )
                .where(ranked_unit.c.id.in_(unit_ids))
            )
        }
    return deaths, scores


def _reports(engine: Engine, unit_ids, month: dt.date, programme_id: int, at: dt.datetime):
    """The year's submissions, and the enrolments (the months each unit owes)."""
    first = dt.date(month.year, 1, 1)
    with reading(engine) as reader:
        reports = reader.rows(
            select(
                ReportSummary.unit_id,
                ReportSummary.month,
                ReportSummary.first_submitted_at,
                and_(Report.participation_rate.is_not(None), Report.satisfaction_rate.is_not(None)),
            )
            .join(Report, Report.id == ReportSummary.report_id)
            .where(
                ReportSummary.unit_id.in_(unit_ids),
                ReportSummary.month.between(first, month),
                ReportSummary.first_submitted_at <= at,
            )
            .order_by(ReportSummary.unit_id, ReportSummary.month)
        )
        plan = pd.DataFrame(
            _tuples(reader.rows(enrolment_spans(programme_id).where(ProgrammeUnit.unit_id.in_(unit_ids)))),
            columns=["unit_id", "enrolled_on", "start_date", "end_date"],
        )
    return _submissions(reports), plan


def _stages(engine: Engine, unit_ids, month: dt.date, programme_id: int):
    """The planned stages, the units' stage events to the month's end, the stages' order."""
    with reading(engine) as reader:
        planned = pd.DataFrame(
            _tuples(
                reader.rows(
                    select(
                        ProgrammeStage.programme_id,
                        ProgrammeStage.seq,
                        ProgrammeStage.name_zh,
                        ProgrammeStage.name_en,
                        ProgrammeStage.planned_start,
                        ProgrammeStage.planned_end,
                    )
                    .where(ProgrammeStage.programme_id == programme_id)
                    .order_by(ProgrammeStage.seq)
                )
            ),
            columns=["programme_id", "seq", "name_zh", "name_en", "planned_start", "planned_end"],
        )
        events = pd.DataFrame(
            _tuples(
                reader.rows(
                    select(
                        StageEvent.programme_id,
                        StageEvent.unit_id,
                        StageEvent.stage_code,
                        StageEvent.entered_on,
                    ).where(
                        StageEvent.programme_id == programme_id,
                        StageEvent.unit_id.in_(unit_ids),
                        StageEvent.entered_on <= month_end(month),
                    )
                )
            ),
            columns=["programme_id", "unit_id", "stage_code", "entered_on"],
        )
        stage_seq = dict(reader.rows(select(Stage.code, Stage.seq)))
    for frame, columns in ((planned, ["planned_start", "planned_end"]), (events, ["entered_on"])):
        for column in columns:
            frame[column] = [as_date(day) for day in frame[column]]
    return planned, events, stage_seq


def _tuples(rows: list) -> list[tuple]:
    """Rows as plain tuples: pandas probes a row object for a dozen attributes first."""
    return [tuple(row) for row in rows]


def _submissions(rows: list) -> pd.DataFrame:
    """The year's submissions, the times kept as Python datetimes (an object column):
    the ranking reads them one by one, and a datetime64 column converts each on the way."""
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    return pd.DataFrame(
        {
            "unit_id": pd.Series(columns[0], dtype="int64"),
            "month": pd.Series(_all(columns[1], dt.date, as_date), dtype=object),
            "first_submitted_at": pd.Series(_all(columns[2], dt.datetime, _moment), dtype=object),
            "complete": pd.Series(columns[3], dtype=bool),
        },
        columns=REPORT_COLUMNS,
    )


def _all(values: tuple, kind: type, convert) -> list:
    """``values`` as a list, each through ``convert`` unless all already are ``kind`` (as
    SQLAlchemy gives typed columns): one check for the lot instead of a call for each."""
    if all(type(value) is kind for value in values):
        return list(values)
    return [convert(value) for value in values]


def _moment(value) -> dt.datetime:
    """A timestamp as read (a datetime; ISO text on some SQLite paths)."""
    return value if isinstance(value, dt.datetime) else pd.Timestamp(value).to_pydatetime()


def _periods(first: dt.date, month: dt.date, period: str) -> list[tuple[dt.date, dt.date]]:
    """The calendar periods of ``period``'s kind from ``first`` to the one holding ``month``."""
    found, start = [], first
    while start <= month:
        p_first, p_last = period_of(start, period)
        found.append((p_first, p_last))
        start = dt.date(p_last.year + p_last.month // 12, p_last.month % 12 + 1, 1)
    return found


def _score(found) -> float | None:
    return None if found is None else float(found[0])


def _scored_month(found) -> dt.date | None:
    return None if found is None else as_date(found[1])


def _targets(engine: Engine, region: RegionRef, as_of: dt.date, programme_code: str):
    """The programme's target rows in the region on ``as_of``, and their history."""
    progress = target_progress(engine, as_of, region)
    progress = progress[progress["programme_code"] == programme_code].reset_index(drop=True)
    return progress, target_history(engine, as_of, region)
