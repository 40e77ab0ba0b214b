"""A token per cached set of figures, changed by the writes that make them stale.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_stamp",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("token", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("figure_stamp")
