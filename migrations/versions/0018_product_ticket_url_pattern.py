"""Products: a URL pattern for the vendor's ticket tracker, so a roadmap item's external
reference becomes a link.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("ticket_url_pattern", sa.String(300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.drop_column("ticket_url_pattern")
