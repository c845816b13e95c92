"""the ranking method, stored per programme and append-only; deaths per safety domain

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 07:40:00

The monthly circular ranks units by a method a city may store as its own version
(docs/ranking.md).  A stored version is never altered, only superseded: triggers refuse
UPDATE and DELETE on both databases.  The fatal-accident veto reads the deaths a report
records per safety domain (死亡人数), 0 for every report written before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "ranking_method is append-only: store a new version instead"


def upgrade() -> None:
    op.create_table(
        "ranking_method",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("method_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_ranking_method_version")),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_ranking_method_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_method")),
        sa.UniqueConstraint("programme_id", "version", name=op.f("uq_ranking_method_programme_id_version")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION ranking_method_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{REFUSAL}';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER ranking_method_append_only BEFORE UPDATE OR DELETE ON ranking_method "
            "FOR EACH ROW EXECUTE FUNCTION ranking_method_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER ranking_method_no_{action.lower()} BEFORE {action} ON ranking_method "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("report_domain", sa.Column("deaths", sa.Integer(), nullable=False, server_default="0"))
        op.create_check_constraint(op.f("ck_report_domain_deaths"), "report_domain", "deaths >= 0")
    else:
        # SQLite adds a column with its check in place; a batch copy would lose WITHOUT ROWID.
        op.execute(
            "ALTER TABLE report_domain ADD COLUMN deaths INTEGER NOT NULL DEFAULT 0 "
            "CONSTRAINT ck_report_domain_deaths CHECK (deaths >= 0)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("ck_report_domain_deaths"), "report_domain")
        op.drop_column("report_domain", "deaths")
        op.drop_table("ranking_method")
        op.execute("DROP FUNCTION ranking_method_append_only()")
    else:
        op.drop_column("report_domain", "deaths")
        op.drop_table("ranking_method")
