"""Index walks whose cost does not follow the data:

- the wish list's default rank index also holds the id and the status, so a page's ids
  (status != duplicate, ordered by support down to the id) are read from the index
  alone, however deep the page;
- a territory's supports, newest first: the territory and club pages list the wishes a
  territory supported last by walking ``ix_vote_territory_recent`` backwards.

Revision ID: 0022
Revises: 0021
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

RANK = ["territories_count", "votes_count", "created_at"]


def upgrade() -> None:
    op.drop_index("ix_wish_rank_support", table_name="wish")
    op.create_index("ix_wish_rank_support", "wish", [*RANK, "id", "status"])
    op.create_index("ix_vote_territory_recent", "vote", ["territory_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_vote_territory_recent", table_name="vote")
    op.drop_index("ix_wish_rank_support", table_name="wish")
    op.create_index("ix_wish_rank_support", "wish", RANK)
