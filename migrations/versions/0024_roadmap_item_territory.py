"""The territories behind each roadmap item, counted: for each item and territory, how
many of the item's linked wishes the territory filed or supports. Kept in step by the
services with the map's counters; filled here from the existing rows. The roadmap and
shipped pages read an item's territories from it instead of every vote on its wishes.

Revision ID: 0024
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

# Only linked wishes count: their filing territory, then each other supporting one.
PAIRS = """
    SELECT id AS wish_id, territory_id FROM wish
    WHERE id IN (SELECT wish_id FROM wish_link)
    UNION ALL
    SELECT DISTINCT v.wish_id, v.territory_id FROM vote v
    JOIN wish w ON w.id = v.wish_id
    WHERE v.territory_id <> w.territory_id AND v.wish_id IN (SELECT wish_id FROM wish_link)
"""


def upgrade():
    op.create_table(
        "roadmap_item_territory",
        sa.Column(
            "roadmap_item_id", sa.Integer(), sa.ForeignKey("roadmap_item.id"), primary_key=True
        ),
        sa.Column("territory_id", sa.Integer(), sa.ForeignKey("territory.id"), primary_key=True),
        sa.Column("wishes", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute(
        "INSERT INTO roadmap_item_territory (roadmap_item_id, territory_id, wishes) "
        "SELECT l.roadmap_item_id, p.territory_id, count(*) "
        f"FROM ({PAIRS}) p JOIN wish_link l ON l.wish_id = p.wish_id "
        "GROUP BY l.roadmap_item_id, p.territory_id"
    )


def downgrade():
    op.drop_table("roadmap_item_territory")
