"""The wish page reads what it shows, not every vote of the wish:

- ``wish_support``: one row per wish and supporting territory, its personal votes and
  whether support was recorded on its behalf, kept in step by the vote services and
  filled here from the votes;
- a wish's comments in date order (``ix_comment_wish_created``, in place of the index
  on ``wish_id`` alone): a page of the thread reads its 50 entries;
- the votes of a wish in date order (``ix_vote_wish_created``, in place of the index on
  ``wish_id`` alone) and of a wish and territory in date order
  (``ix_vote_wish_territory`` extended): the timeline's first page and a territory's
  first supporters are read as a page's worth of index entries.

Revision ID: 0025
Revises: 0024
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "wish_support",
        sa.Column("wish_id", sa.Integer(), sa.ForeignKey("wish.id"), primary_key=True),
        sa.Column("territory_id", sa.Integer(), sa.ForeignKey("territory.id"), primary_key=True),
        sa.Column("votes", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("on_behalf", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        "INSERT INTO wish_support (wish_id, territory_id, votes, on_behalf) "
        "SELECT wish_id, territory_id, count(user_id), "
        "sum(CASE WHEN user_id IS NULL THEN 1 ELSE 0 END) > 0 "
        "FROM vote GROUP BY wish_id, territory_id"
    )
    op.drop_index("ix_vote_wish_id", table_name="vote")
    op.create_index("ix_vote_wish_created", "vote", ["wish_id", "created_at", "id"])
    op.drop_index("ix_vote_wish_territory", table_name="vote")
    op.create_index(
        "ix_vote_wish_territory", "vote", ["wish_id", "territory_id", "created_at", "id"]
    )
    op.drop_index("ix_comment_wish_id", table_name="comment")
    op.create_index("ix_comment_wish_created", "comment", ["wish_id", "created_at", "id"])


def downgrade():
    op.drop_index("ix_comment_wish_created", table_name="comment")
    op.create_index("ix_comment_wish_id", "comment", ["wish_id"])
    op.drop_index("ix_vote_wish_territory", table_name="vote")
    op.create_index("ix_vote_wish_territory", "vote", ["wish_id", "territory_id"])
    op.drop_index("ix_vote_wish_created", table_name="vote")
    op.create_index("ix_vote_wish_id", "vote", ["wish_id"])
    op.drop_table("wish_support")
