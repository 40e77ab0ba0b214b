"""Wish list ranked by the providers its author declared (``sort=providers_asking``):
an index on the ranking expression, undeclared counted as none.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_wish_rank_providers_asking",
        "wish",
        [sa.text("coalesce(providers_asking, 0)"), "votes_count", "created_at"],
    )


def downgrade():
    op.drop_index("ix_wish_rank_providers_asking", table_name="wish")
