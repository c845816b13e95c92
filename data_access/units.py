"""Everything recorded about one community, for its drill-down."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import (
    Programme,
    ProgrammeUnit,
    Region,
    Report,
    ReportDomain,
    ReportGrade,
    Stage,
    StageEvent,
    Title,
    TitleLevel,
)


@dataclass(frozen=True)
class UnitHistory:
    """One unit's record; each frame's grain is in its name.

    ``reports`` holds every revision (``is_current`` marks the one in force), so a
    correction can be shown beside what was first reported.
    """

    profile: pd.Series
    enrolments: pd.DataFrame  # one row per programme the unit is in
    stage_events: pd.DataFrame  # one row per transition, oldest first
    titles: pd.DataFrame  # one row per title, renewals and revocations included
    reports: pd.DataFrame  # one row per report revision
    domains: pd.DataFrame  # one row per current report × safety domain
    grades: pd.DataFrame  # one row per current report × item × part


def unit_history(engine: Engine, unit_code: str) -> UnitHistory | None:
    """The unit's whole record, or None if no unit has this code."""
    county = Region.__table__.alias("county")
    with engine.connect() as connection:
        profile = pd.read_sql(
            select(
                Region.id,
                Region.code,
                Region.name_zh,
                Region.name_en,
                Region.kind,
                Region.is_sample,
                county.c.code.label("county_code"),
                county.c.name_zh.label("county_zh"),
                county.c.name_en.label("county_en"),
            )
            .outerjoin(county, county.c.id == Region.county_id)
            .where(Region.code == unit_code, Region.level == "unit"),
            connection,
        )
        if profile.empty:
            return None
        unit_id = int(profile.at[0, "id"])
        read = lambda query: pd.read_sql(query, connection)  # noqa: E731
        current = select(Report.id).where(Report.unit_id == unit_id, Report.is_current)
        return UnitHistory(
            profile=profile.iloc[0],
            enrolments=read(
                select(
                    Programme.code,
                    Programme.name_zh,
                    Programme.name_en,
                    ProgrammeUnit.is_pilot,
                    ProgrammeUnit.enrolled_on,
                    Programme.start_date,
                    Programme.end_date,
                )
                .join(ProgrammeUnit, ProgrammeUnit.programme_id == Programme.id)
                .where(ProgrammeUnit.unit_id == unit_id)
                .order_by(Programme.start_date)
            ),
            stage_events=read(
                select(
                    StageEvent.entered_on,
                    StageEvent.stage_code,
                    Stage.seq,
                    Stage.name_zh,
                    Stage.name_en,
                    StageEvent.recorded_by,
                    StageEvent.note,
                    Programme.code.label("programme_code"),
                )
                .join(Stage, Stage.code == StageEvent.stage_code)
                .join(Programme, Programme.id == StageEvent.programme_id)
                .where(StageEvent.unit_id == unit_id)
                .order_by(StageEvent.entered_on, StageEvent.id)
            ),
            titles=read(
                select(
                    TitleLevel.code.label("level_code"),
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
                .where(Title.unit_id == unit_id)
                .order_by(Title.named_on, Title.id)
            ),
            reports=read(
                select(Report).where(Report.unit_id == unit_id).order_by(Report.month, Report.revision)
            ),
            domains=read(
                select(
                    Report.month,
                    ReportDomain.domain_code,
                    ReportDomain.projects_running,
                    ReportDomain.accidents,
                    ReportDomain.injuries,
                )
                .join(Report, Report.id == ReportDomain.report_id)
                .where(ReportDomain.report_id.in_(current))
                .order_by(Report.month, ReportDomain.domain_code)
            ),
            grades=read(
                select(Report.month, ReportGrade.item_id, ReportGrade.part_code, ReportGrade.grade)
                .join(Report, Report.id == ReportGrade.report_id)
                .where(ReportGrade.report_id.in_(current))
                .order_by(Report.month, ReportGrade.item_id)
            ),
        )
