"""stage records: reviews of applications, title revocations; a unit's path append-only

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 11:30:00

The county office's preliminary review (初审) and the city office's review (审核) of a
unit's application are kept in ``stage_review``; a revocation of a title in
``title_revocation``.  Nothing of a unit's path is ever overwritten: triggers on both
databases refuse UPDATE and DELETE on ``stage_event``, ``stage_review`` and
``title_revocation``, and on ``title`` everything but the one change a revocation
makes: inserting its record copies its date and reason onto the title (a trigger), once.
A title cannot be inserted already revoked.  Titles revoked before this revision get
their revocation record here (docs/templates_stages.md says why the title keeps its
``revoked_on``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPENDED = ("stage_event", "stage_review", "title_revocation")
REFUSAL = "阶段、审核和撤销记录只可追加，不可修改或删除"
TITLE_REFUSAL = "命名记录不可修改或删除：撤销请追加撤销记录，续期请追加新的命名"
BACKFILLED_BY = "迁移0006（此前已记录的撤销）"

_TITLE_KEPT = (
    "id",
    "unit_id",
    "level_id",
    "programme_id",
    "named_on",
    "certificate_no",
    "valid_until",
    "renews_id",
)
"""The title's columns a revocation leaves as they are."""

_REVOCATION_RECORDED = (
    "EXISTS (SELECT 1 FROM title_revocation r WHERE r.title_id = NEW.id "
    "AND r.revoked_on = NEW.revoked_on AND r.reason = NEW.revocation_reason)"
)


def upgrade() -> None:
    op.create_table(
        "stage_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("office_region_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("stage_event_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=60), nullable=False),
        sa.CheckConstraint("level IN ('county', 'city')", name=op.f("ck_stage_review_level")),
        sa.CheckConstraint("decision IN ('agree', 'return')", name=op.f("ck_stage_review_decision")),
        sa.CheckConstraint(
            "(decision = 'agree') = (stage_event_id IS NOT NULL)", name=op.f("ck_stage_review_agreed_move")
        ),
        sa.ForeignKeyConstraint(
            ["office_region_id"], ["region.id"], name=op.f("fk_stage_review_office_region_id_region")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_stage_review_programme_id_programme")
        ),
        sa.ForeignKeyConstraint(
            ["stage_event_id"], ["stage_event.id"], name=op.f("fk_stage_review_stage_event_id_stage_event")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["region.id"], name=op.f("fk_stage_review_unit_id_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_review")),
        sa.UniqueConstraint("stage_event_id", name=op.f("uq_stage_review_stage_event_id")),
    )
    op.create_index(
        op.f("ix_stage_review_unit_id_reviewed_on"), "stage_review", ["unit_id", "reviewed_on"], unique=False
    )
    op.create_table(
        "title_revocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["title_id"], ["title.id"], name=op.f("fk_title_revocation_title_id_title")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title_revocation")),
        sa.UniqueConstraint("title_id", name=op.f("uq_title_revocation_title_id")),
    )
    op.execute(
        "INSERT INTO title_revocation (title_id, revoked_on, reason, recorded_at, recorded_by) "
        "SELECT id, revoked_on, COALESCE(revocation_reason, ''), CURRENT_TIMESTAMP, "
        f"'{BACKFILLED_BY}' FROM title WHERE revoked_on IS NOT NULL"
    )
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    op.drop_table("title_revocation")
    op.drop_index(op.f("ix_stage_review_unit_id_reviewed_on"), table_name="stage_review")
    op.drop_table("stage_review")


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()
        return
    for table in APPENDED:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}（{table}）'); END"
            )
    kept = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in _TITLE_KEPT)
    op.execute(
        "CREATE TRIGGER title_no_update BEFORE UPDATE ON title "
        f"WHEN NOT COALESCE(OLD.revoked_on IS NULL AND {kept} AND {_REVOCATION_RECORDED}, 0) "
        f"BEGIN SELECT RAISE(ABORT, '{TITLE_REFUSAL}'); END"
    )
    op.execute(
        f"CREATE TRIGGER title_no_delete BEFORE DELETE ON title BEGIN SELECT RAISE(ABORT, '{TITLE_REFUSAL}'); END"
    )
    op.execute(
        "CREATE TRIGGER title_not_born_revoked BEFORE INSERT ON title "
        "WHEN NEW.revoked_on IS NOT NULL OR NEW.revocation_reason IS NOT NULL "
        f"BEGIN SELECT RAISE(ABORT, '{TITLE_REFUSAL}'); END"
    )
    op.execute(
        "CREATE TRIGGER title_revocation_copied AFTER INSERT ON title_revocation BEGIN "
        "UPDATE title SET revoked_on = NEW.revoked_on, revocation_reason = NEW.reason WHERE id = NEW.title_id; END"
    )


def _create_postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION refuse_stage_record_change() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}（%）', TG_TABLE_NAME; END $$"
    )
    for table in APPENDED:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_stage_record_change()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_not_truncated BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_stage_record_change()"
        )
    new = ", ".join(f"NEW.{column}" for column in _TITLE_KEPT)
    old = ", ".join(f"OLD.{column}" for column in _TITLE_KEPT)
    op.execute(
        "CREATE FUNCTION guard_title() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'INSERT' AND NEW.revoked_on IS NULL AND NEW.revocation_reason IS NULL THEN RETURN NEW; END IF; "
        f"IF TG_OP = 'UPDATE' AND OLD.revoked_on IS NULL AND ({new}) IS NOT DISTINCT FROM ({old}) "
        f"AND {_REVOCATION_RECORDED} THEN RETURN NEW; END IF; "
        f"RAISE EXCEPTION '{TITLE_REFUSAL}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER title_guarded BEFORE INSERT OR UPDATE OR DELETE ON title "
        "FOR EACH ROW EXECUTE FUNCTION guard_title()"
    )
    op.execute(
        "CREATE TRIGGER title_not_truncated BEFORE TRUNCATE ON title "
        "FOR EACH STATEMENT EXECUTE FUNCTION refuse_stage_record_change()"
    )
    op.execute(
        "CREATE FUNCTION copy_revocation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "UPDATE title SET revoked_on = NEW.revoked_on, revocation_reason = NEW.reason WHERE id = NEW.title_id; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER title_revocation_copied AFTER INSERT ON title_revocation "
        "FOR EACH ROW EXECUTE FUNCTION copy_revocation()"
    )


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPENDED:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER {table}_not_truncated ON {table}")
        op.execute("DROP TRIGGER title_guarded ON title")
        op.execute("DROP TRIGGER title_not_truncated ON title")
        op.execute("DROP TRIGGER title_revocation_copied ON title_revocation")
        op.execute("DROP FUNCTION guard_title()")
        op.execute("DROP FUNCTION copy_revocation()")
        op.execute("DROP FUNCTION refuse_stage_record_change()")
        return
    for table in APPENDED:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER {table}_no_{action}")
    for trigger in (
        "title_no_update",
        "title_no_delete",
        "title_not_born_revoked",
        "title_revocation_copied",
    ):
        op.execute(f"DROP TRIGGER {trigger}")
