"""The shared database of the Safe Community programme, as SQLAlchemy 2 typed ORM classes.

Integrity lives in the database, not only here: checks on ranges and counts, composite
foreign keys that tie a grade to its report's grading scheme, and a partial unique index
that allows exactly one current revision of a unit's report for a month.  Alembic
migrations in ``data_access/migrations`` are generated from these classes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from oversight.access import ROLES
from oversight.audit import KINDS
from oversight.report_fields import DOMAIN_FIELDS, REPORT_COUNTS, REPORT_MONEY, REPORT_RATES
from oversight.stage_path import REVIEW_DECISIONS, REVIEW_LEVELS
from oversight.vocabulary import TARGET_SHAPES

# Named constraints make migrations reproducible on both databases.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(14, 2)
"""Yuan with fen; shown to officials in 万元."""

REGION_LEVELS = ("province", "city", "county", "unit")
REGION_KINDS = (
    "province",
    "autonomous_region",
    "city",
    "district",
    "county",
    "park",
    "street",
    "township",
)
INDICATOR_COUNT = 12


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- regions -----------------------------------------------------------------------------


class Region(Base):
    """A node of the administrative tree: province → city → county-level unit → unit.

    The ancestor ids are stored on every row so that "all units of this city" is one
    indexed equality instead of a recursive walk.
    """

    __tablename__ = "region"
    __table_args__ = (
        CheckConstraint(_in("level", REGION_LEVELS), name="level"),
        CheckConstraint(_in("kind", REGION_KINDS), name="kind"),
        CheckConstraint("(level = 'province') = (parent_id IS NULL)", name="root"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str | None] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    county_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


# --- reference catalogue -----------------------------------------------------------------


class TitleLevel(Base):
    """A level at which a community can be named; data, since places add their own."""

    __tablename__ = "title_level"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    rank: Mapped[int] = mapped_column(SmallInteger)
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(60))


class Stage(Base):
    """A step of a unit's path from 未启动 to 命名 and 复评."""

    __tablename__ = "stage"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    seq: Mapped[int] = mapped_column(SmallInteger, unique=True)
    name_zh: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(40))


class SafetyDomain(Base):
    """One of the twelve domains that classify projects, accidents and injuries."""

    __tablename__ = "safety_domain"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    seq: Mapped[int] = mapped_column(SmallInteger, unique=True)
    name_zh: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(60))


class Indicator(Base):
    """A first-level indicator (一级指标); ``seq`` 1..12 names its summary column."""

    __tablename__ = "indicator"
    __table_args__ = (CheckConstraint(f"seq BETWEEN 1 AND {INDICATOR_COUNT}", name="seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(4), unique=True)
    seq: Mapped[int] = mapped_column(SmallInteger, unique=True)
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(80))


class IndicatorItem(Base):
    """A second-level item (二级指标) with the wording of the national indicators."""

    __tablename__ = "indicator_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    seq: Mapped[int] = mapped_column(SmallInteger)
    text_zh: Mapped[str] = mapped_column(Text)
    label_en: Mapped[str] = mapped_column(String(80))


class HardRule(Base):
    """A minimum the indicators set in numbers, checked against monthly reports.

    ``measure`` names a report column, ``period`` the window it is summed or minimised
    over; ``fail_below`` is the line under which the item fails outright.
    """

    __tablename__ = "hard_rule"
    __table_args__ = (
        CheckConstraint(_in("measure", REPORT_COUNTS + REPORT_RATES), name="measure"),
        CheckConstraint(_in("period", ("month", "quarter", "year")), name="period"),
        CheckConstraint(_in("aggregate", ("sum", "min")), name="aggregate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("indicator_item.id"))
    measure: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(10))
    aggregate: Mapped[str] = mapped_column(String(5))
    minimum: Mapped[float] = mapped_column(Float)
    strict: Mapped[bool] = mapped_column(Boolean)
    fail_below: Mapped[float | None] = mapped_column(Float)
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(120))


class GradingScheme(Base):
    """A versioned way of grading the 45 items; programmes choose one."""

    __tablename__ = "grading_scheme"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(SmallInteger)
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(120))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    pass_mark: Mapped[float | None] = mapped_column(Float)
    conditional_pass_mark: Mapped[float | None] = mapped_column(Float)


class GradeValue(Base):
    """A grade a scheme allows (A/B/C, a/b/c/d, ...) and the share of points it earns."""

    __tablename__ = "grade_value"
    __table_args__ = (CheckConstraint("fraction BETWEEN 0 AND 1", name="fraction"),)

    scheme_id: Mapped[int] = mapped_column(ForeignKey("grading_scheme.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    fraction: Mapped[float] = mapped_column(Float)
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))


class SchemePart(Base):
    """A part an item is graded in: one 'overall' part, or existence / evidence / effect."""

    __tablename__ = "scheme_part"

    scheme_id: Mapped[int] = mapped_column(ForeignKey("grading_scheme.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    seq: Mapped[int] = mapped_column(SmallInteger)
    name_zh: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(40))


class SchemeItemPoints(Base):
    """The points an item's part is worth under a scheme; their sum is the scheme's total."""

    __tablename__ = "scheme_item_points"
    __table_args__ = (
        ForeignKeyConstraint(["scheme_id", "part_code"], ["scheme_part.scheme_id", "scheme_part.code"]),
        CheckConstraint("max_points > 0", name="max_points"),
    )

    scheme_id: Mapped[int] = mapped_column(ForeignKey("grading_scheme.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("indicator_item.id"), primary_key=True)
    part_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    max_points: Mapped[float] = mapped_column(Float)


# --- programmes and targets --------------------------------------------------------------


class Programme(Base):
    """A plan to build safe communities: who runs it, what level it seeks, how units report."""

    __tablename__ = "programme"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("report_deadline_day BETWEEN 1 AND 28", name="deadline_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name_zh: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(160))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("title_level.id"))
    scheme_id: Mapped[int] = mapped_column(ForeignKey("grading_scheme.id"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    report_deadline_day: Mapped[int] = mapped_column(SmallInteger)
    source: Mapped[str] = mapped_column(Text, default="")
    source_en: Mapped[str] = mapped_column(Text, default="")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class ProgrammeStage(Base):
    """A planned stage of a programme (启动, 推进实施, ...) with its planned dates."""

    __tablename__ = "programme_stage"
    __table_args__ = (
        UniqueConstraint("programme_id", "seq"),
        CheckConstraint("planned_end >= planned_start", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    seq: Mapped[int] = mapped_column(SmallInteger)
    name_zh: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(80))
    planned_start: Mapped[dt.date] = mapped_column(Date)
    planned_end: Mapped[dt.date] = mapped_column(Date)


class ProgrammeUnit(Base):
    """A unit enrolled in a programme; from ``enrolled_on`` it owes a report every month."""

    __tablename__ = "programme_unit"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True, index=True)
    is_pilot: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_on: Mapped[dt.date] = mapped_column(Date)


class Target(Base):
    """A target of docs/domain.md §3: a shape, a scope, a level, a threshold and a due date.

    ``threshold`` is a percentage for 'share', a number of units for 'count',
    'count_per_child' and 'pilots', and yuan for 'budget'.
    """

    __tablename__ = "target"
    __table_args__ = (
        UniqueConstraint("programme_id", "code"),
        CheckConstraint(_in("shape", TARGET_SHAPES), name="shape"),
        CheckConstraint("threshold > 0", name="threshold_positive"),
        CheckConstraint("shape <> 'share' OR threshold <= 100", name="share_percent"),
        CheckConstraint("(shape IN ('pilots', 'budget')) OR level_id IS NOT NULL", name="level_needed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    shape: Mapped[str] = mapped_column(String(20))
    scope_region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    level_id: Mapped[int | None] = mapped_column(ForeignKey("title_level.id"))
    threshold: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    due_date: Mapped[dt.date] = mapped_column(Date)
    description_zh: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str] = mapped_column(String(300))


# --- a unit's path -----------------------------------------------------------------------


class StageEvent(Base):
    """A dated transition of a unit into a stage; appended, never overwritten."""

    __tablename__ = "stage_event"
    __table_args__ = (Index(None, "unit_id", "entered_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    stage_code: Mapped[str] = mapped_column(ForeignKey("stage.code"))
    entered_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")


class Title(Base):
    """A safe-community title held by a unit; a renewal is a new row pointing at the old one."""

    __tablename__ = "title"
    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until >= named_on", name="validity"),
        CheckConstraint("revoked_on IS NULL OR revoked_on >= named_on", name="revocation"),
        Index(None, "level_id", "named_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("title_level.id"))
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programme.id"))
    named_on: Mapped[dt.date] = mapped_column(Date)
    certificate_no: Mapped[str] = mapped_column(String(40))
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    revoked_on: Mapped[dt.date | None] = mapped_column(Date)
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("title.id"))


# --- money -------------------------------------------------------------------------------


class SubsidyAllocation(Base):
    """Money a source (a finance bureau's region) allocates to a recipient region or unit."""

    __tablename__ = "subsidy_allocation"
    __table_args__ = (CheckConstraint("amount > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    source_region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    recipient_region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    allocated_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class SubsidyDisbursement(Base):
    """A payment made against an allocation."""

    __tablename__ = "subsidy_disbursement"
    __table_args__ = (CheckConstraint("amount > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(ForeignKey("subsidy_allocation.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    disbursed_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


# --- monthly reports ---------------------------------------------------------------------


class Report(Base):
    """One revision of a unit's monthly report (月报).

    A correction is a new revision; the old one stays, with ``is_current`` false, so that
    leaders can compare what was said when.  The columns after ``correction_reason`` are
    :data:`oversight.report_fields.REPORT_FIELDS`, in that order (a test holds them to it).
    """

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("unit_id", "month", "revision"),
        UniqueConstraint("id", "scheme_id"),
        Index(
            "uq_report_current",
            "unit_id",
            "month",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        CheckConstraint("revision >= 1", name="revision"),
        *(CheckConstraint(f"{c} >= 0", name=c) for c in REPORT_COUNTS),
        *(CheckConstraint(f"{c} BETWEEN 0 AND 100", name=c) for c in REPORT_RATES),
        *(CheckConstraint(f"{c} >= 0", name=c) for c in REPORT_MONEY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(SmallInteger, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    scheme_id: Mapped[int] = mapped_column(ForeignKey("grading_scheme.id"))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    submitted_by: Mapped[str] = mapped_column(String(60))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    stage_code: Mapped[str] = mapped_column(ForeignKey("stage.code"))
    education_events: Mapped[int] = mapped_column(Integer, default=0)
    trainings: Mapped[int] = mapped_column(Integer, default=0)
    drills: Mapped[int] = mapped_column(Integer, default=0)
    inspections: Mapped[int] = mapped_column(Integer, default=0)
    hazards_found: Mapped[int] = mapped_column(Integer, default=0)
    hazards_rectified: Mapped[int] = mapped_column(Integer, default=0)
    volunteers: Mapped[int] = mapped_column(Integer, default=0)
    reviews_held: Mapped[int] = mapped_column(Integer, default=0)
    participation_rate: Mapped[float | None] = mapped_column(Float)
    satisfaction_rate: Mapped[float | None] = mapped_column(Float)
    funds_spent: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    subsidy_received: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    progress_text: Mapped[str] = mapped_column(Text, default="")
    problems_text: Mapped[str] = mapped_column(Text, default="")
    next_steps_text: Mapped[str] = mapped_column(Text, default="")


class ReportDomain(Base):
    """Per safety domain of a report: projects running, accidents and injuries recorded."""

    __tablename__ = "report_domain"
    __table_args__ = (
        *(CheckConstraint(f"{c} >= 0", name=c) for c in DOMAIN_FIELDS),
        {"sqlite_with_rowid": False},
    )

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), primary_key=True)
    domain_code: Mapped[str] = mapped_column(ForeignKey("safety_domain.code"), primary_key=True)
    projects_running: Mapped[int] = mapped_column(Integer, default=0)
    accidents: Mapped[int] = mapped_column(Integer, default=0)
    injuries: Mapped[int] = mapped_column(Integer, default=0)
    deaths: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ReportGrade(Base):
    """A self-assessed grade of one item (and part) in one report revision.

    Keyed by (report, item, part) so every read of a report's grades is one index range:
    WITHOUT ROWID on SQLite, INCLUDE (grade) on PostgreSQL.  The composite foreign keys
    make the database refuse a grade or an item part that the report's scheme lacks.
    """

    __tablename__ = "report_grade"
    __table_args__ = (
        PrimaryKeyConstraint("report_id", "item_id", "part_code", postgresql_include=["grade"]),
        ForeignKeyConstraint(["report_id", "scheme_id"], ["report.id", "report.scheme_id"]),
        ForeignKeyConstraint(["scheme_id", "grade"], ["grade_value.scheme_id", "grade_value.code"]),
        ForeignKeyConstraint(
            ["scheme_id", "item_id", "part_code"],
            [
                "scheme_item_points.scheme_id",
                "scheme_item_points.item_id",
                "scheme_item_points.part_code",
            ],
        ),
        {"sqlite_with_rowid": False},
    )

    report_id: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[int] = mapped_column(SmallInteger)
    part_code: Mapped[str] = mapped_column(String(12))
    scheme_id: Mapped[int] = mapped_column(SmallInteger)
    grade: Mapped[str] = mapped_column(String(4))


class ReportSummary(Base):
    """The current revision of a unit's month, scored; rewritten with every submission.

    Written in the same transaction as the report, so pages read one narrow indexed row
    per unit and month instead of 45 grades (see docs/performance.md).  Scores are
    percentages of the scheme's points; ``score`` is the composite.  ``received_to_date``
    and ``spent_to_date`` are the unit's running totals of subsidy received and funds
    spent over its current reports up to this month, so "money so far" in a region is one
    row per unit rather than a sum over every month (a correction rewrites the later rows).
    """

    __tablename__ = "report_summary"
    __table_args__ = (
        PrimaryKeyConstraint("unit_id", "month"),
        Index(None, "month", "city_id"),
        Index(None, "month", "county_id"),
    )

    unit_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), unique=True)
    revision: Mapped[int] = mapped_column(SmallInteger)
    city_id: Mapped[int | None] = mapped_column(Integer)
    county_id: Mapped[int | None] = mapped_column(Integer)
    first_submitted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    stage_code: Mapped[str] = mapped_column(String(20))
    graded: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)
    failed_items: Mapped[int | None] = mapped_column(SmallInteger)
    s1: Mapped[float | None] = mapped_column(Float)
    s2: Mapped[float | None] = mapped_column(Float)
    s3: Mapped[float | None] = mapped_column(Float)
    s4: Mapped[float | None] = mapped_column(Float)
    s5: Mapped[float | None] = mapped_column(Float)
    s6: Mapped[float | None] = mapped_column(Float)
    s7: Mapped[float | None] = mapped_column(Float)
    s8: Mapped[float | None] = mapped_column(Float)
    s9: Mapped[float | None] = mapped_column(Float)
    s10: Mapped[float | None] = mapped_column(Float)
    s11: Mapped[float | None] = mapped_column(Float)
    s12: Mapped[float | None] = mapped_column(Float)
    received_to_date: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    spent_to_date: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))


class StoredRankingMethod(Base):
    """A version of a programme's ranking method (:class:`oversight.ranking.method.RankingMethod`
    as JSON).  Append-only: a trigger on both databases refuses UPDATE and DELETE, so an
    issued circular can always name, and re-read, the method it was ranked by."""

    __tablename__ = "ranking_method"
    __table_args__ = (
        UniqueConstraint("programme_id", "version"),
        CheckConstraint("version >= 1", name="version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    version: Mapped[int] = mapped_column(Integer)
    method_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")


class DataVersion(Base):
    """Counters bumped by writes, so caches in every process know to refresh.

    ``version`` moves with every write; ``reference_version`` only when regions,
    programmes or the catalogue change, so their lists stay cached while reports arrive.
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    reference_version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)


# --- issued circulars (月度通报) -----------------------------------------------------------

CIRCULAR_FILE_KINDS = ("xlsx", "docx", "pdf")


class IssuingOffice(Base):
    """The office that issues a region's circulars (遂宁市安全生产监督管理局), with the
    abbreviation its document numbers start with (遂安监通), whom its circulars are
    addressed to and copied to (抄送), one line each."""

    __tablename__ = "issuing_office"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), unique=True)
    name_zh: Mapped[str] = mapped_column(String(80))
    abbreviation: Mapped[str] = mapped_column(String(20), unique=True)
    addressees: Mapped[str] = mapped_column(Text, default="")
    copy_to: Mapped[str] = mapped_column(Text, default="")


class IssuedCircular(Base):
    """One version of an issued monthly circular, frozen: what it was computed from (the
    method and the ranking's inputs), what it said (the ranking and the circular as
    JSON) and who issued it under which 文号.

    Never updated or deleted (triggers refuse it on both databases): a correction is a
    new row with ``version`` + 1 that ``supersedes`` the one before and gives its
    ``reason``.  A 文号 is numbered per office and year of issue, so a correction gets a
    number of its own.
    """

    __tablename__ = "issued_circular"
    __table_args__ = (
        UniqueConstraint("region_id", "programme_id", "month", "version"),
        UniqueConstraint("office_id", "year", "serial"),
        CheckConstraint("serial >= 1", name="serial"),
        CheckConstraint("(version = 1) = (supersedes_id IS NULL)", name="supersedes"),
        CheckConstraint("version = 1 OR reason IS NOT NULL", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    office_id: Mapped[int] = mapped_column(ForeignKey("issuing_office.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    version: Mapped[int] = mapped_column(SmallInteger)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("issued_circular.id"), unique=True)
    reason: Mapped[str | None] = mapped_column(Text)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    issued_by: Mapped[str] = mapped_column(String(60))
    method_version: Mapped[int] = mapped_column(Integer)
    method_json: Mapped[str] = mapped_column(Text)
    inputs_json: Mapped[str] = mapped_column(Text)
    ranking_json: Mapped[str] = mapped_column(Text)
    circular_json: Mapped[str] = mapped_column(Text)


class CircularFile(Base):
    """A file of an issued circular, as generated and never again: the workbook and the
    Word document at issuing, the PDF at issuing or on its first request.  Insert-only."""

    __tablename__ = "circular_file"
    __table_args__ = (
        PrimaryKeyConstraint("circular_id", "kind"),
        CheckConstraint(_in("kind", CIRCULAR_FILE_KINDS), name="kind"),
    )

    circular_id: Mapped[int] = mapped_column(ForeignKey("issued_circular.id"))
    kind: Mapped[str] = mapped_column(String(8))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


# --- reviews and revocations (stage records) ---------------------------------------------


class StageReview(Base):
    """A review of a unit's application, as the application form (创建安全社区申报表) has
    it: the county office's preliminary review (初审) or the city office's review (审核),
    with its opinion and date.  An agreeing review moved the unit to the review's step:
    ``stage_event_id`` is that move.  Append-only (migration 0006's triggers)."""

    __tablename__ = "stage_review"
    __table_args__ = (
        CheckConstraint(_in("level", REVIEW_LEVELS), name="level"),
        CheckConstraint(_in("decision", REVIEW_DECISIONS), name="decision"),
        CheckConstraint("(decision = 'agree') = (stage_event_id IS NOT NULL)", name="agreed_move"),
        Index(None, "unit_id", "reviewed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    level: Mapped[str] = mapped_column(String(10))
    office_region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    decision: Mapped[str] = mapped_column(String(10))
    opinion: Mapped[str] = mapped_column(Text)
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    stage_event_id: Mapped[int | None] = mapped_column(ForeignKey("stage_event.id"), unique=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(60))


class TitleRevocation(Base):
    """The revocation (撤销命名) of a title: when, why, recorded by whom.  Append-only, one
    per title; inserting it is the only way ``title.revoked_on`` and
    ``revocation_reason`` get written (a trigger copies them; another refuses every other
    change to a title), so the title row keeps serving the reads unchanged."""

    __tablename__ = "title_revocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("title.id"), unique=True)
    revoked_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(60))


# --- users, roles and the audit trail -----------------------------------------------------


class AppUser(Base):
    """A person who signs in.  The password is an argon2id hash (``data_access/users.py``),
    never the password; a user signing in through an OIDC provider (``st.login``) has none
    and is found by ``email``.  ``failed_attempts`` and ``locked_until`` hold the lock-out;
    ``demo`` marks the sample's demo accounts, which only a sample database holds."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RoleGrant(Base):
    """One role of a user in one region (``oversight.access.ROLES``); a user may hold
    several, in several regions."""

    __tablename__ = "role_grant"
    __table_args__ = (
        CheckConstraint(_in("role", tuple(ROLES)), name="role"),
        UniqueConstraint("user_id", "role", "region_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    granted_by: Mapped[str] = mapped_column(String(60))


class AuditEvent(Base):
    """One event of the audit trail (``oversight.audit.KINDS``): who, when, what, and the
    record before and after as JSON.  ``region_id`` is the region or unit the event
    concerns (none for a sign-in or a user change), so staff see their own region's.
    Append-only: migration 0007's triggers refuse UPDATE, DELETE and TRUNCATE on both
    databases, and on PostgreSQL the application's role holds no right to them."""

    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        Index(None, "at"),
        Index(None, "username", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class AppSession(Base):
    """A signed-in browser session, kept on the server so that a reload or a new tab of the
    same browser stays signed in (``data_access/sessions.py``).  The browser holds the token
    in a cookie; only its sha256 is stored, so the table read by someone else signs no one
    in.  ``last_seen`` is the last click (the expiry, ``oversight.sign_in.SESSION_MINUTES``,
    counts from it); ``ended_at`` is set at the sign-out, the expiry or a disabled user's
    next click, and an ended session is never resumed."""

    __tablename__ = "app_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    username: Mapped[str] = mapped_column(String(60), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
