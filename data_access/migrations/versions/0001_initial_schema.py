"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 13:46:47.011704

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""

    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.create_table(
        "grading_scheme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("version", sa.SmallInteger(), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("pass_mark", sa.Float(), nullable=True),
        sa.Column("conditional_pass_mark", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grading_scheme")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_grading_scheme_code_version")),
    )
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("name_zh", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.CheckConstraint("seq BETWEEN 1 AND 12", name=op.f("ck_indicator_seq")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_code")),
        sa.UniqueConstraint("seq", name=op.f("uq_indicator_seq")),
    )
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name_zh", sa.String(length=60), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("county_id", sa.Integer(), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.CheckConstraint("(level = 'province') = (parent_id IS NULL)", name=op.f("ck_region_root")),
        sa.CheckConstraint(
            "kind IN ('province', 'autonomous_region', 'city', 'district', 'county', 'park', 'street', 'township')",
            name=op.f("ck_region_kind"),
        ),
        sa.CheckConstraint(
            "level IN ('province', 'city', 'county', 'unit')",
            name=op.f("ck_region_level"),
        ),
        sa.ForeignKeyConstraint(["city_id"], ["region.id"], name=op.f("fk_region_city_id_region")),
        sa.ForeignKeyConstraint(["county_id"], ["region.id"], name=op.f("fk_region_county_id_region")),
        sa.ForeignKeyConstraint(["parent_id"], ["region.id"], name=op.f("fk_region_parent_id_region")),
        sa.ForeignKeyConstraint(["province_id"], ["region.id"], name=op.f("fk_region_province_id_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region")),
        sa.UniqueConstraint("code", name=op.f("uq_region_code")),
    )
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_city_id"), ["city_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_region_county_id"), ["county_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_region_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "safety_domain",
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("name_zh", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_safety_domain")),
        sa.UniqueConstraint("seq", name=op.f("uq_safety_domain_seq")),
    )
    op.create_table(
        "stage",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("name_zh", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_stage")),
        sa.UniqueConstraint("seq", name=op.f("uq_stage_seq")),
    )
    op.create_table(
        "title_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.Column("name_zh", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title_level")),
        sa.UniqueConstraint("code", name=op.f("uq_title_level_code")),
    )
    op.create_table(
        "grade_value",
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("fraction", sa.Float(), nullable=False),
        sa.Column("name_zh", sa.String(length=60), nullable=False),
        sa.Column("name_en", sa.String(length=60), nullable=False),
        sa.CheckConstraint("fraction BETWEEN 0 AND 1", name=op.f("ck_grade_value_fraction")),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["grading_scheme.id"],
            name=op.f("fk_grade_value_scheme_id_grading_scheme"),
        ),
        sa.PrimaryKeyConstraint("scheme_id", "code", name=op.f("pk_grade_value")),
    )
    op.create_table(
        "indicator_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("label_en", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_item_indicator_id_indicator"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_item")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_item_code")),
    )
    with op.batch_alter_table("indicator_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_item_indicator_id"), ["indicator_id"], unique=False)

    op.create_table(
        "programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name_zh", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=160), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("report_deadline_day", sa.SmallInteger(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_programme_dates")),
        sa.CheckConstraint(
            "report_deadline_day BETWEEN 1 AND 28",
            name=op.f("ck_programme_deadline_day"),
        ),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["title_level.id"],
            name=op.f("fk_programme_level_id_title_level"),
        ),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], name=op.f("fk_programme_region_id_region")),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["grading_scheme.id"],
            name=op.f("fk_programme_scheme_id_grading_scheme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme")),
        sa.UniqueConstraint("code", name=op.f("uq_programme_code")),
    )
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_region_id"), ["region_id"], unique=False)

    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("revision", sa.SmallInteger(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_by", sa.String(length=60), nullable=False),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("stage_code", sa.String(length=20), nullable=False),
        sa.Column("education_events", sa.Integer(), nullable=False),
        sa.Column("trainings", sa.Integer(), nullable=False),
        sa.Column("drills", sa.Integer(), nullable=False),
        sa.Column("inspections", sa.Integer(), nullable=False),
        sa.Column("hazards_found", sa.Integer(), nullable=False),
        sa.Column("hazards_rectified", sa.Integer(), nullable=False),
        sa.Column("volunteers", sa.Integer(), nullable=False),
        sa.Column("reviews_held", sa.Integer(), nullable=False),
        sa.Column("participation_rate", sa.Float(), nullable=True),
        sa.Column("satisfaction_rate", sa.Float(), nullable=True),
        sa.Column("funds_spent", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("subsidy_received", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("progress_text", sa.Text(), nullable=False),
        sa.Column("problems_text", sa.Text(), nullable=False),
        sa.Column("next_steps_text", sa.Text(), nullable=False),
        sa.CheckConstraint("drills >= 0", name=op.f("ck_report_drills")),
        sa.CheckConstraint("education_events >= 0", name=op.f("ck_report_education_events")),
        sa.CheckConstraint("funds_spent >= 0", name=op.f("ck_report_funds_spent")),
        sa.CheckConstraint("hazards_found >= 0", name=op.f("ck_report_hazards_found")),
        sa.CheckConstraint("hazards_rectified >= 0", name=op.f("ck_report_hazards_rectified")),
        sa.CheckConstraint("inspections >= 0", name=op.f("ck_report_inspections")),
        sa.CheckConstraint(
            "participation_rate BETWEEN 0 AND 100",
            name=op.f("ck_report_participation_rate"),
        ),
        sa.CheckConstraint("reviews_held >= 0", name=op.f("ck_report_reviews_held")),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_report_revision")),
        sa.CheckConstraint(
            "satisfaction_rate BETWEEN 0 AND 100",
            name=op.f("ck_report_satisfaction_rate"),
        ),
        sa.CheckConstraint("subsidy_received >= 0", name=op.f("ck_report_subsidy_received")),
        sa.CheckConstraint("trainings >= 0", name=op.f("ck_report_trainings")),
        sa.CheckConstraint("volunteers >= 0", name=op.f("ck_report_volunteers")),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["grading_scheme.id"],
            name=op.f("fk_report_scheme_id_grading_scheme"),
        ),
        sa.ForeignKeyConstraint(["stage_code"], ["stage.code"], name=op.f("fk_report_stage_code_stage")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["report.id"],
            name=op.f("fk_report_supersedes_id_report"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["region.id"], name=op.f("fk_report_unit_id_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("id", "scheme_id", name=op.f("uq_report_id_scheme_id")),
        sa.UniqueConstraint(
            "unit_id",
            "month",
            "revision",
            name=op.f("uq_report_unit_id_month_revision"),
        ),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(
            "uq_report_current",
            ["unit_id", "month"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )

    op.create_table(
        "scheme_part",
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("name_zh", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["grading_scheme.id"],
            name=op.f("fk_scheme_part_scheme_id_grading_scheme"),
        ),
        sa.PrimaryKeyConstraint("scheme_id", "code", name=op.f("pk_scheme_part")),
    )
    op.create_table(
        "hard_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=30), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("aggregate", sa.String(length=5), nullable=False),
        sa.Column("minimum", sa.Float(), nullable=False),
        sa.Column("strict", sa.Boolean(), nullable=False),
        sa.Column("fail_below", sa.Float(), nullable=True),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.CheckConstraint("aggregate IN ('sum', 'min')", name=op.f("ck_hard_rule_aggregate")),
        sa.CheckConstraint(
            "measure IN ('education_events', 'trainings', 'drills', 'inspections', 'hazards_found', 'hazards_rectified', 'volunteers', 'reviews_held', 'participation_rate', 'satisfaction_rate')",
            name=op.f("ck_hard_rule_measure"),
        ),
        sa.CheckConstraint("period IN ('month', 'quarter', 'year')", name=op.f("ck_hard_rule_period")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["indicator_item.id"],
            name=op.f("fk_hard_rule_item_id_indicator_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hard_rule")),
        sa.UniqueConstraint("code", name=op.f("uq_hard_rule_code")),
    )
    op.create_table(
        "programme_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("name_zh", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=False),
        sa.CheckConstraint("planned_end >= planned_start", name=op.f("ck_programme_stage_dates")),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_programme_stage_programme_id_programme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_stage")),
        sa.UniqueConstraint("programme_id", "seq", name=op.f("uq_programme_stage_programme_id_seq")),
    )
    op.create_table(
        "programme_unit",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("is_pilot", sa.Boolean(), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_programme_unit_programme_id_programme"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["region.id"], name=op.f("fk_programme_unit_unit_id_region")),
        sa.PrimaryKeyConstraint("programme_id", "unit_id", name=op.f("pk_programme_unit")),
    )
    with op.batch_alter_table("programme_unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_unit_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "report_domain",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("domain_code", sa.String(length=30), nullable=False),
        sa.Column("projects_running", sa.Integer(), nullable=False),
        sa.Column("accidents", sa.Integer(), nullable=False),
        sa.Column("injuries", sa.Integer(), nullable=False),
        sa.CheckConstraint("accidents >= 0", name=op.f("ck_report_domain_accidents")),
        sa.CheckConstraint("injuries >= 0", name=op.f("ck_report_domain_injuries")),
        sa.CheckConstraint("projects_running >= 0", name=op.f("ck_report_domain_projects_running")),
        sa.ForeignKeyConstraint(
            ["domain_code"],
            ["safety_domain.code"],
            name=op.f("fk_report_domain_domain_code_safety_domain"),
        ),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], name=op.f("fk_report_domain_report_id_report")),
        sa.PrimaryKeyConstraint("report_id", "domain_code", name=op.f("pk_report_domain")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "report_summary",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.SmallInteger(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("county_id", sa.Integer(), nullable=True),
        sa.Column("first_submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("stage_code", sa.String(length=20), nullable=False),
        sa.Column("graded", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("max_points", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("failed_items", sa.SmallInteger(), nullable=True),
        sa.Column("s1", sa.Float(), nullable=True),
        sa.Column("s2", sa.Float(), nullable=True),
        sa.Column("s3", sa.Float(), nullable=True),
        sa.Column("s4", sa.Float(), nullable=True),
        sa.Column("s5", sa.Float(), nullable=True),
        sa.Column("s6", sa.Float(), nullable=True),
        sa.Column("s7", sa.Float(), nullable=True),
        sa.Column("s8", sa.Float(), nullable=True),
        sa.Column("s9", sa.Float(), nullable=True),
        sa.Column("s10", sa.Float(), nullable=True),
        sa.Column("s11", sa.Float(), nullable=True),
        sa.Column("s12", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_report_summary_report_id_report"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["region.id"], name=op.f("fk_report_summary_unit_id_region")),
        sa.PrimaryKeyConstraint("unit_id", "month", name=op.f("pk_report_summary")),
        sa.UniqueConstraint("report_id", name=op.f("uq_report_summary_report_id")),
    )
    with op.batch_alter_table("report_summary", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_summary_month_city_id"),
            ["month", "city_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_report_summary_month_county_id"),
            ["month", "county_id"],
            unique=False,
        )

    op.create_table(
        "scheme_item_points",
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("part_code", sa.String(length=12), nullable=False),
        sa.Column("max_points", sa.Float(), nullable=False),
        sa.CheckConstraint("max_points > 0", name=op.f("ck_scheme_item_points_max_points")),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["indicator_item.id"],
            name=op.f("fk_scheme_item_points_item_id_indicator_item"),
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id", "part_code"],
            ["scheme_part.scheme_id", "scheme_part.code"],
            name=op.f("fk_scheme_item_points_scheme_id_part_code_scheme_part"),
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["grading_scheme.id"],
            name=op.f("fk_scheme_item_points_scheme_id_grading_scheme"),
        ),
        sa.PrimaryKeyConstraint("scheme_id", "item_id", "part_code", name=op.f("pk_scheme_item_points")),
    )
    op.create_table(
        "stage_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("stage_code", sa.String(length=20), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_stage_event_programme_id_programme"),
        ),
        sa.ForeignKeyConstraint(["stage_code"], ["stage.code"], name=op.f("fk_stage_event_stage_code_stage")),
        sa.ForeignKeyConstraint(["unit_id"], ["region.id"], name=op.f("fk_stage_event_unit_id_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_event")),
    )
    with op.batch_alter_table("stage_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_event_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stage_event_unit_id_entered_on"),
            ["unit_id", "entered_on"],
            unique=False,
        )

    op.create_table(
        "subsidy_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("source_region_id", sa.Integer(), nullable=False),
        sa.Column("recipient_region_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("allocated_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_subsidy_allocation_amount")),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_subsidy_allocation_programme_id_programme"),
        ),
        sa.ForeignKeyConstraint(
            ["recipient_region_id"],
            ["region.id"],
            name=op.f("fk_subsidy_allocation_recipient_region_id_region"),
        ),
        sa.ForeignKeyConstraint(
            ["source_region_id"],
            ["region.id"],
            name=op.f("fk_subsidy_allocation_source_region_id_region"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_allocation")),
    )
    with op.batch_alter_table("subsidy_allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subsidy_allocation_programme_id"),
            ["programme_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_subsidy_allocation_recipient_region_id"),
            ["recipient_region_id"],
            unique=False,
        )

    op.create_table(
        "target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("shape", sa.String(length=20), nullable=False),
        sa.Column("scope_region_id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=True),
        sa.Column("threshold", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("description_zh", sa.String(length=200), nullable=False),
        sa.Column("description_en", sa.String(length=300), nullable=False),
        sa.CheckConstraint(
            "(shape IN ('pilots', 'budget')) OR level_id IS NOT NULL",
            name=op.f("ck_target_level_needed"),
        ),
        sa.CheckConstraint("shape <> 'share' OR threshold <= 100", name=op.f("ck_target_share_percent")),
        sa.CheckConstraint(
            "shape IN ('share', 'count', 'count_per_child', 'pilots', 'budget')",
            name=op.f("ck_target_shape"),
        ),
        sa.CheckConstraint("threshold > 0", name=op.f("ck_target_threshold_positive")),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["title_level.id"],
            name=op.f("fk_target_level_id_title_level"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_target_programme_id_programme"),
        ),
        sa.ForeignKeyConstraint(
            ["scope_region_id"],
            ["region.id"],
            name=op.f("fk_target_scope_region_id_region"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target")),
        sa.UniqueConstraint("programme_id", "code", name=op.f("uq_target_programme_id_code")),
    )
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_target_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "title",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("named_on", sa.Date(), nullable=False),
        sa.Column("certificate_no", sa.String(length=40), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.Column("renews_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "revoked_on IS NULL OR revoked_on >= named_on",
            name=op.f("ck_title_revocation"),
        ),
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_until >= named_on",
            name=op.f("ck_title_validity"),
        ),
        sa.ForeignKeyConstraint(["level_id"], ["title_level.id"], name=op.f("fk_title_level_id_title_level")),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_title_programme_id_programme"),
        ),
        sa.ForeignKeyConstraint(["renews_id"], ["title.id"], name=op.f("fk_title_renews_id_title")),
        sa.ForeignKeyConstraint(["unit_id"], ["region.id"], name=op.f("fk_title_unit_id_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title")),
    )
    with op.batch_alter_table("title", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_title_level_id_named_on"),
            ["level_id", "named_on"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_title_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "report_grade",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.SmallInteger(), nullable=False),
        sa.Column("part_code", sa.String(length=12), nullable=False),
        sa.Column("scheme_id", sa.SmallInteger(), nullable=False),
        sa.Column("grade", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id", "scheme_id"],
            ["report.id", "report.scheme_id"],
            name=op.f("fk_report_grade_report_id_scheme_id_report"),
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id", "grade"],
            ["grade_value.scheme_id", "grade_value.code"],
            name=op.f("fk_report_grade_scheme_id_grade_grade_value"),
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id", "item_id", "part_code"],
            [
                "scheme_item_points.scheme_id",
                "scheme_item_points.item_id",
                "scheme_item_points.part_code",
            ],
            name=op.f("fk_report_grade_scheme_id_item_id_part_code_scheme_item_points"),
        ),
        sa.PrimaryKeyConstraint(
            "report_id",
            "item_id",
            "part_code",
            name=op.f("pk_report_grade"),
            postgresql_include=["grade"],
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "subsidy_disbursement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("allocation_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("disbursed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_subsidy_disbursement_amount")),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["subsidy_allocation.id"],
            name=op.f("fk_subsidy_disbursement_allocation_id_subsidy_allocation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_disbursement")),
    )
    with op.batch_alter_table("subsidy_disbursement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subsidy_disbursement_allocation_id"),
            ["allocation_id"],
            unique=False,
        )


def downgrade() -> None:
    """Downgrade schema."""

    with op.batch_alter_table("subsidy_disbursement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_disbursement_allocation_id"))

    op.drop_table("subsidy_disbursement")
    op.drop_table("report_grade")
    with op.batch_alter_table("title", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_title_unit_id"))
        batch_op.drop_index(batch_op.f("ix_title_level_id_named_on"))

    op.drop_table("title")
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_programme_id"))

    op.drop_table("target")
    with op.batch_alter_table("subsidy_allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_allocation_recipient_region_id"))
        batch_op.drop_index(batch_op.f("ix_subsidy_allocation_programme_id"))

    op.drop_table("subsidy_allocation")
    with op.batch_alter_table("stage_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_event_unit_id_entered_on"))
        batch_op.drop_index(batch_op.f("ix_stage_event_programme_id"))

    op.drop_table("stage_event")
    op.drop_table("scheme_item_points")
    with op.batch_alter_table("report_summary", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_summary_month_county_id"))
        batch_op.drop_index(batch_op.f("ix_report_summary_month_city_id"))

    op.drop_table("report_summary")
    op.drop_table("report_domain")
    with op.batch_alter_table("programme_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_unit_unit_id"))

    op.drop_table("programme_unit")
    op.drop_table("programme_stage")
    op.drop_table("hard_rule")
    op.drop_table("scheme_part")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_report_current",
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )

    op.drop_table("report")
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_region_id"))

    op.drop_table("programme")
    with op.batch_alter_table("indicator_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_item_indicator_id"))

    op.drop_table("indicator_item")
    op.drop_table("grade_value")
    op.drop_table("title_level")
    op.drop_table("stage")
    op.drop_table("safety_domain")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_parent_id"))
        batch_op.drop_index(batch_op.f("ix_region_county_id"))
        batch_op.drop_index(batch_op.f("ix_region_city_id"))

    op.drop_table("region")
    op.drop_table("indicator")
    op.drop_table("grading_scheme")
    op.drop_table("data_version")
