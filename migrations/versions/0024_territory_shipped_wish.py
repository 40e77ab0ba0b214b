"""The wishes with a shipped roadmap item, once per territory that filed or supports
them, kept in step by the services; filled here from the existing rows. The territory
and club pages read their shipped wishes there, and a territory's oldest wishes (what
waits on the vendor) on ``ix_wish_territory_created``.

Revision ID: 0024
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

SHIPPED = """
    SELECT l.wish_id FROM wish_link l JOIN roadmap_item i ON i.id = l.roadmap_item_id
    WHERE i.status = 'shipped'
"""


def upgrade() -> None:
    op.create_table(
        "territory_shipped_wish",
        sa.Column(
            "territory_id", sa.Integer(), sa.ForeignKey("territory.id"), primary_key=True
        ),
        sa.Column("wish_id", sa.Integer(), sa.ForeignKey("wish.id"), primary_key=True),
    )
    op.create_index("ix_territory_shipped_wish_wish", "territory_shipped_wish", ["wish_id"])
    op.execute(
        "INSERT INTO territory_shipped_wish (territory_id, wish_id) "
        f"SELECT territory_id, id FROM wish WHERE id IN ({SHIPPED}) "
        "UNION "
        f"SELECT territory_id, wish_id FROM vote WHERE wish_id IN ({SHIPPED})"
    )
    op.create_index("ix_wish_territory_created", "wish", ["territory_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_wish_territory_created", table_name="wish")
    op.drop_index("ix_territory_shipped_wish_wish", table_name="territory_shipped_wish")
    op.drop_table("territory_shipped_wish")
