"""users, their roles in regions, and the append-only audit trail

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 16:42:37

``app_user`` holds who signs in (an argon2id hash, never a password), ``role_grant`` the
roles each holds in which region, ``audit_event`` every sign-in and every write, ``app_session`` the signed-in browser
sessions (a token's hash, so a reload stays signed in).  The audit
trail is append-only: triggers on both databases refuse UPDATE and DELETE on it (and
TRUNCATE on PostgreSQL), and on PostgreSQL no role but the table's owner holds those rights
(docs/access.md: run migrations as the owner and the dashboard as a role granted only
SELECT and INSERT on it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "审计记录只可追加，不可修改或删除"

_KINDS = (
    "sign_in",
    "sign_in_failed",
    "sign_in_locked",
    "sign_out",
    "report_submitted",
    "report_corrected",
    "stage_moved",
    "review_recorded",
    "naming_recorded",
    "renewal_recorded",
    "revocation_recorded",
    "setup_changed",
    "circular_issued",
    "method_stored",
    "user_added",
    "user_disabled",
    "password_reset",
    "role_granted",
    "role_revoked",
)
"""``oversight.audit.KINDS`` as of this revision (a migration never imports the app's lists)."""

_ROLES = ("leader", "viewer", "staff", "county", "clerk", "admin")
"""``oversight.access.ROLES`` as of this revision."""


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=60), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("email", name=op.f("uq_app_user_email")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.CheckConstraint(_in("kind", _KINDS), name=op.f("ck_audit_event_kind")),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], name=op.f("fk_audit_event_region_id_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(op.f("ix_audit_event_at"), "audit_event", ["at"], unique=False)
    op.create_index(op.f("ix_audit_event_username_at"), "audit_event", ["username", "at"], unique=False)
    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("granted_by", sa.String(length=60), nullable=False),
        sa.CheckConstraint(_in("role", _ROLES), name=op.f("ck_role_grant_role")),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], name=op.f("fk_role_grant_region_id_region")),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_role_grant_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant")),
        sa.UniqueConstraint(
            "user_id", "role", "region_id", name=op.f("uq_role_grant_user_id_role_region_id")
        ),
    )
    op.create_index(op.f("ix_role_grant_user_id"), "role_grant", ["user_id"], unique=False)
    op.create_table(
        "app_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_app_session_token_hash")),
    )
    op.create_index(op.f("ix_app_session_username"), "app_session", ["username"], unique=False)
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    op.drop_index(op.f("ix_app_session_username"), table_name="app_session")
    op.drop_table("app_session")
    op.drop_index(op.f("ix_role_grant_user_id"), table_name="role_grant")
    op.drop_table("role_grant")
    op.drop_index(op.f("ix_audit_event_username_at"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_at"), table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_table("app_user")


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()"
        )
        op.execute(
            "CREATE TRIGGER audit_event_not_truncated BEFORE TRUNCATE ON audit_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()"
        )
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC")
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_event_no_{action.lower()} BEFORE {action} ON audit_event "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute("DROP TRIGGER audit_event_not_truncated ON audit_event")
        op.execute("DROP FUNCTION refuse_audit_change()")
        return
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER audit_event_no_{action}")
