"""the programme's source line in English

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 01:35:00

The overview cites each programme's source (the document that set it up); in English it
reads the English line, and falls back to the Chinese one where none was given.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("programme", sa.Column("source_en", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("programme", "source_en")
