"""A territory's supports, newest first: the territory and club pages list the wishes
a territory supported last by walking this index backwards, whatever its number of votes.

Revision ID: 0022
Revises: 0021
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_vote_territory_recent", "vote", ["territory_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_vote_territory_recent", table_name="vote")
