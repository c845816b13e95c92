"""Units (街道、乡镇): those of a region and their enrolments, and everything recorded about one unit."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    BindParameter,
    Engine,
    Select,
    and_,
    bindparam,
    select,
)

from data_access.access import reads
from data_access.database import read_frame, reading
from data_access.models import (
    Indicator,
    IndicatorItem,
    Programme,
    ProgrammeUnit,
    Region,
    Report,
    ReportDomain,
    ReportGrade,
    SafetyDomain,
    Stage,
    StageEvent,
    Title,
    TitleLevel,
)
from data_access.regions import RegionRef, within
from oversight.report_fields import DOMAIN_FIELDS

UNIT_ID = (
    select(Region.id).where(Region.code == bindparam("unit_code"), Region.level == "unit").scalar_subquery()
)
"""The unit's id, a scalar subquery over the unique code index; bound as ``unit_code``."""

CORRECTED_GRADE_COLUMNS = ["month", "revision", "item_code", "part_code", "grade"]
CORRECTED_DOMAIN_COLUMNS = ["month", "revision", "domain_code", *DOMAIN_FIELDS]


@reads("unit_code")
def unit_profile(engine: Engine, unit_code: str) -> pd.Series | None:
    """The unit's names, kind and county, or None if no unit has this code.

    Fields: code, name_zh, name_en, kind, county_zh, county_en.  Region data: it only
    changes when regions are loaded, so pages keep it with the reference lists.
    """
    county = Region.__table__.alias("county")
    profile = read_frame(
        engine,
        select(
            Region.code,
            Region.name_zh,
            Region.name_en,
            Region.kind,
            county.c.name_zh.label("county_zh"),
            county.c.name_en.label("county_en"),
        )
        .outerjoin(county, county.c.id == Region.county_id)
        .where(Region.code == unit_code, Region.level == "unit"),
    )
    return None if profile.empty else profile.iloc[0]


@dataclass(frozen=True)
class UnitHistory:
    """What a unit has recorded: everything that changes when one of its reports, titles
    or stage events is written.  Each frame's grain is in its comment.

    ``reports`` holds every revision (``is_current`` marks the one in force), so a
    correction can be shown beside what was first reported.  Grades and domain counts
    are only kept for the corrected months (those with a revision above 1), every
    revision of each: they are what a correction is compared on, and corrections are few.
    """

    stage_events: pd.DataFrame  # one row per transition, oldest first
    titles: pd.DataFrame  # one row per title, renewals and revocations included
    reports: pd.DataFrame  # one row per report revision
    corrected_grades: pd.DataFrame  # one row per revision × item × part of a corrected month
    corrected_domains: pd.DataFrame  # one row per revision × safety domain of a corrected month


@reads("unit_code")
def unit_history(engine: Engine, unit_code: str) -> UnitHistory:
    """The unit's record, read on one connection; empty frames for an unknown code.

    ``stage_events`` has the columns entered_on, stage_code, name_zh, name_en,
    programme_code; ``titles`` level_zh, level_en, named_on, certificate_no, valid_until,
    revoked_on, revocation_reason, renews_id, id; ``reports`` every column of the report
    but its ids (scheme_id kept); ``corrected_grades`` month, revision, item_code,
    part_code, grade (items in catalogue order); ``corrected_domains`` month, revision,
    domain_code, projects_running, accidents, injuries (domains in catalogue order).
    """
    unit = {"unit_code": unit_code}
    with reading(engine) as reader:
        read = reader.frame
        reports = read(_reports_query(), unit)
        corrected = sorted(set(reports.loc[reports["revision"] > 1, "month"]))
        months = unit | {"months": corrected}
        return UnitHistory(
            stage_events=read(_stage_events_query(), unit),
            titles=read(_titles_query(), unit),
            reports=reports,
            corrected_grades=read(_corrected_grades_query(), months)
            if corrected
            else pd.DataFrame(columns=CORRECTED_GRADE_COLUMNS),
            corrected_domains=read(_corrected_domains_query(), months)
            if corrected
            else pd.DataFrame(columns=CORRECTED_DOMAIN_COLUMNS),
        )


# The statements below are built once with bound parameters (``unit_code``, ``months``):
# SQLAlchemy then reuses their cache key, where keying a statement built anew costs more
# than running it.


@functools.cache
def _reports_query() -> Select:
    ids = {Report.id.key, Report.unit_id.key, Report.supersedes_id.key}
    return (
        select(*(column for column in Report.__table__.columns if column.key not in ids))
        .where(Report.unit_id == UNIT_ID)
        .order_by(Report.month, Report.revision)
    )


@functools.cache
def _stage_events_query() -> Select:
    return (
        select(
            StageEvent.entered_on,
            StageEvent.stage_code,
            Stage.name_zh,
            Stage.name_en,
            Programme.code.label("programme_code"),
        )
        .join(Stage, Stage.code == StageEvent.stage_code)
        .join(Programme, Programme.id == StageEvent.programme_id)
        .where(StageEvent.unit_id == UNIT_ID)
        .order_by(StageEvent.entered_on, StageEvent.id)
    )


@functools.cache
def _titles_query() -> Select:
    return (
        select(
            TitleLevel.name_zh.label("level_zh"),
            TitleLevel.name_en.label("level_en"),
            Title.named_on,
            Title.certificate_no,
            Title.valid_until,
            Title.revoked_on,
            Title.revocation_reason,
            Title.renews_id,
            Title.id,
        )
        .join(TitleLevel, TitleLevel.id == Title.level_id)
        .where(Title.unit_id == UNIT_ID)
        .order_by(Title.named_on, Title.id)
    )


@functools.cache
def _corrected_grades_query() -> Select:
    """Every revision's grades of the given months of the unit."""
    return (
        select(
            Report.month,
            Report.revision,
            IndicatorItem.code.label("item_code"),
            ReportGrade.part_code,
            ReportGrade.grade,
        )
        .select_from(Report)
        .join(ReportGrade, ReportGrade.report_id == Report.id)
        .join(IndicatorItem, IndicatorItem.id == ReportGrade.item_id)
        .join(Indicator, Indicator.id == IndicatorItem.indicator_id)
        .where(Report.unit_id == UNIT_ID, Report.month.in_(bindparam("months", expanding=True)))
        .order_by(Report.month, Report.revision, Indicator.seq, IndicatorItem.seq, ReportGrade.part_code)
    )


@functools.cache
def _corrected_domains_query() -> Select:
    """Every revision's domain counts of the given months of the unit."""
    return (
        select(
            Report.month,
            Report.revision,
            ReportDomain.domain_code,
            *(getattr(ReportDomain, name) for name in DOMAIN_FIELDS),
        )
        .select_from(Report)
        .join(ReportDomain, ReportDomain.report_id == Report.id)
        .join(SafetyDomain, SafetyDomain.code == ReportDomain.domain_code)
        .where(Report.unit_id == UNIT_ID, Report.month.in_(bindparam("months", expanding=True)))
        .order_by(Report.month, Report.revision, SafetyDomain.seq)
    )


@reads("region")
def community_choices(engine: Engine, region: RegionRef, programme_id: int | None = None) -> pd.DataFrame:
    """One row per unit of the region enrolled in the programme (in any, if none given).

    Columns: code, name_zh, name_en, county_zh, county_en; in code order.
    """
    county = Region.__table__.alias("county")
    return read_frame(
        engine,
        units_in(region, programme_id)
        .with_only_columns(
            Region.code,
            Region.name_zh,
            Region.name_en,
            county.c.name_zh.label("county_zh"),
            county.c.name_en.label("county_en"),
        )
        .outerjoin(county, county.c.id == Region.county_id)
        .order_by(Region.code),
    )


@reads("county")
def unit_enrolments(engine: Engine, county: RegionRef, programme_id: int | None = None) -> pd.DataFrame:
    """One row per unit of the county × programme it is enrolled in.

    A unit enrolled in no programme (or not in ``programme_id``) has one row with the
    programme columns empty, so the page can say how many units take no part.  Columns:
    unit_id, unit_code, unit_zh, unit_en, unit_kind, programme_id, programme_code,
    is_pilot, enrolled_on.
    """
    joined = ProgrammeUnit.unit_id == Region.id
    if programme_id is not None:
        joined = and_(joined, ProgrammeUnit.programme_id == programme_id)
    query = (
        select(
            Region.id.label("unit_id"),
            Region.code.label("unit_code"),
            Region.name_zh.label("unit_zh"),
            Region.name_en.label("unit_en"),
            Region.kind.label("unit_kind"),
            ProgrammeUnit.programme_id,
            Programme.code.label("programme_code"),
            ProgrammeUnit.is_pilot,
            ProgrammeUnit.enrolled_on,
        )
        .outerjoin(ProgrammeUnit, joined)
        .outerjoin(Programme, Programme.id == ProgrammeUnit.programme_id)
        .where(Region.level == "unit", within(Region, county))
        .order_by(Region.code, Programme.code)
    )
    frame = read_frame(engine, query, dates=["enrolled_on"])
    frame["programme_id"] = frame["programme_id"].astype("Int64")
    return frame


def enrolment_spans(programme_id: int | None = None) -> Select:
    """Each enrolment of a unit (in the programme, or in any if none given): unit_id,
    enrolled_on and the programme's start_date and end_date, what the months a unit owes
    reports in follow from (:func:`oversight.reporting.owed_spans`).  A caller narrows it
    with ``where``, or reads its own columns of the same rows with ``with_only_columns``."""
    spans = select(
        ProgrammeUnit.unit_id, ProgrammeUnit.enrolled_on, Programme.start_date, Programme.end_date
    ).join_from(ProgrammeUnit, Programme, Programme.id == ProgrammeUnit.programme_id)
    return spans if programme_id is None else spans.where(ProgrammeUnit.programme_id == programme_id)


def enrolled_units(programme_id: int | BindParameter | None) -> Select:
    """The ids of the units enrolled in the programme (in any programme if none given);
    a statement built once passes the programme as a parameter."""
    enrolled = select(ProgrammeUnit.unit_id)
    return enrolled if programme_id is None else enrolled.where(ProgrammeUnit.programme_id == programme_id)


def units_in(region: RegionRef, programme_id: int | None) -> Select:
    """Units of the region enrolled in the programme (in any programme if none given)."""
    return select(Region).where(
        Region.level == "unit", within(Region, region), Region.id.in_(enrolled_units(programme_id))
    )
