"""Wish list by product or category: their rank indexes also hold the status, so
counting e.g. a product's accepted wishes reads the index only (as 0010 did for the
territory).

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

RANK = ["territories_count", "votes_count", "created_at"]
INDEXES = {"ix_wish_product_rank": "product_id", "ix_wish_category_rank": "category_id"}


def upgrade():
    for name, column in INDEXES.items():
        op.drop_index(name, table_name="wish")
        op.create_index(name, "wish", [column, *RANK, "status"])


def downgrade():
    for name, column in INDEXES.items():
        op.drop_index(name, table_name="wish")
        op.create_index(name, "wish", [column, *RANK])
