"""What the territory and club pages rank their shipped wishes by, beside each row of
``territory_shipped_wish``: the wish's latest delivery date (of its shipped roadmap
items) and whether it is listed (not a duplicate), with an index of (territory, listed,
date, wish). The pages read each territory's first rows in index order instead of
looking up every shipped wish of the territory in ``wish`` to rank them. Kept in step by
the services; filled here from the existing rows.

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

# Same value as ShippedConcern.NO_DATE: a wish whose shipped items have no date.
NO_DATE = "0001-01-01"


def upgrade() -> None:
    with op.batch_alter_table("territory_shipped_wish") as batch:
        batch.add_column(
            sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column("shipped_on", sa.Date(), nullable=False, server_default=NO_DATE)
        )
    op.execute(
        "UPDATE territory_shipped_wish SET "
        "listed = (SELECT w.status <> 'duplicate' FROM wish w "
        "WHERE w.id = territory_shipped_wish.wish_id), "
        "shipped_on = COALESCE((SELECT max(i.shipped_on) FROM wish_link l "
        "JOIN roadmap_item i ON i.id = l.roadmap_item_id "
        "WHERE l.wish_id = territory_shipped_wish.wish_id AND i.status = 'shipped'), "
        f"'{NO_DATE}')"
    )
    op.create_index(
        "ix_territory_shipped_wish_rank",
        "territory_shipped_wish",
        ["territory_id", "listed", "shipped_on", "wish_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_territory_shipped_wish_rank", table_name="territory_shipped_wish")
    with op.batch_alter_table("territory_shipped_wish") as batch:
        batch.drop_column("shipped_on")
        batch.drop_column("listed")
