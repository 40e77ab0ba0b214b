"""Wish list by territory or region: the territory + rank index also holds the status,
so counting a region's wishes (status != duplicate) and picking a page's ids read the
index only.

Revision ID: 0010
Revises: 0006
"""

from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None

RANK = ["territories_count", "votes_count", "created_at"]


def upgrade():
    op.drop_index("ix_wish_territory_rank", table_name="wish")
    op.create_index("ix_wish_territory_rank", "wish", ["territory_id", *RANK, "status"])


def downgrade():
    op.drop_index("ix_wish_territory_rank", table_name="wish")
    op.create_index("ix_wish_territory_rank", "wish", ["territory_id", *RANK])
