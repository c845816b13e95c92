"""running money totals on report_summary; a reference counter beside the write counter

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:40:00

"Money so far" in a region was a sum over every month of every unit (≈ 50,000 report
rows for a province's city); with the unit's running totals on each summary row it is one
row per unit.  The reference counter lets lists of regions, programmes and the catalogue
stay cached while reports arrive.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(precision=14, scale=2)


def upgrade() -> None:
    op.add_column(
        "data_version", sa.Column("reference_version", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("report_summary", sa.Column("received_to_date", MONEY, nullable=False, server_default="0"))
    op.add_column("report_summary", sa.Column("spent_to_date", MONEY, nullable=False, server_default="0"))
    op.execute(
        """
        UPDATE report_summary
        SET received_to_date = running.received, spent_to_date = running.spent
        FROM (
            SELECT s.unit_id, s.month,
                   sum(r.subsidy_received) OVER (PARTITION BY s.unit_id ORDER BY s.month) AS received,
                   sum(r.funds_spent) OVER (PARTITION BY s.unit_id ORDER BY s.month) AS spent
            FROM report_summary AS s JOIN report AS r ON r.id = s.report_id
        ) AS running
        WHERE report_summary.unit_id = running.unit_id AND report_summary.month = running.month
        """
    )


def downgrade() -> None:
    op.drop_column("report_summary", "spent_to_date")
    op.drop_column("report_summary", "received_to_date")
    op.drop_column("data_version", "reference_version")
