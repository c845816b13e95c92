"""issued circulars: their offices, frozen versions and generated files, append-only

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 07:22:54

An issued circular (印发) must never change: the database itself refuses UPDATE and
DELETE on ``issued_circular`` and ``circular_file`` (a trigger on each, on SQLite and on
PostgreSQL), so no later code path, console session or migration by mistake can alter
what was sent out.  A correction is a new version that supersedes the old one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FROZEN = ("issued_circular", "circular_file")
REFUSAL = "已印发的通报不可修改或删除，更正请印发新版本"


def upgrade() -> None:
    op.create_table(
        "issuing_office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column("abbreviation", sa.String(length=20), nullable=False),
        sa.Column("addressees", sa.Text(), nullable=False),
        sa.Column("copy_to", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_issuing_office_region_id_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issuing_office")),
        sa.UniqueConstraint("abbreviation", name=op.f("uq_issuing_office_abbreviation")),
        sa.UniqueConstraint("region_id", name=op.f("uq_issuing_office_region_id")),
    )
    op.create_table(
        "issued_circular",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("version", sa.SmallInteger(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=60), nullable=False),
        sa.Column("method_version", sa.Integer(), nullable=False),
        sa.Column("method_json", sa.Text(), nullable=False),
        sa.Column("inputs_json", sa.Text(), nullable=False),
        sa.Column("ranking_json", sa.Text(), nullable=False),
        sa.Column("circular_json", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(version = 1) = (supersedes_id IS NULL)", name=op.f("ck_issued_circular_supersedes")
        ),
        sa.CheckConstraint("serial >= 1", name=op.f("ck_issued_circular_serial")),
        sa.CheckConstraint("version = 1 OR reason IS NOT NULL", name=op.f("ck_issued_circular_reason")),
        sa.ForeignKeyConstraint(
            ["office_id"], ["issuing_office.id"], name=op.f("fk_issued_circular_office_id_issuing_office")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_issued_circular_programme_id_programme")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_issued_circular_region_id_region")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["issued_circular.id"],
            name=op.f("fk_issued_circular_supersedes_id_issued_circular"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_circular")),
        sa.UniqueConstraint("number", name=op.f("uq_issued_circular_number")),
        sa.UniqueConstraint(
            "office_id", "year", "serial", name=op.f("uq_issued_circular_office_id_year_serial")
        ),
        sa.UniqueConstraint(
            "region_id",
            "programme_id",
            "month",
            "version",
            name=op.f("uq_issued_circular_region_id_programme_id_month_version"),
        ),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_issued_circular_supersedes_id")),
    )
    op.create_table(
        "circular_file",
        sa.Column("circular_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('xlsx', 'docx', 'pdf')", name=op.f("ck_circular_file_kind")),
        sa.ForeignKeyConstraint(
            ["circular_id"], ["issued_circular.id"], name=op.f("fk_circular_file_circular_id_issued_circular")
        ),
        sa.PrimaryKeyConstraint("circular_id", "kind", name=op.f("pk_circular_file")),
    )
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    op.drop_table("circular_file")
    op.drop_table("issued_circular")
    op.drop_table("issuing_office")


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION refuse_issued_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}（%）', TG_TABLE_NAME; END $$"
        )
        for table in FROZEN:
            op.execute(
                f"CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_issued_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_not_truncated BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION refuse_issued_change()"
            )
        return
    for table in FROZEN:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}（{table}）'); END"
            )


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in FROZEN:
            op.execute(f"DROP TRIGGER {table}_frozen ON {table}")
            op.execute(f"DROP TRIGGER {table}_not_truncated ON {table}")
        op.execute("DROP FUNCTION refuse_issued_change()")
        return
    for table in FROZEN:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER {table}_no_{action}")
