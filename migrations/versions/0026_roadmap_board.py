"""What the roadmap board and the shipped page read, bounded by what they show:

- the territories behind each roadmap item, counted: for each item and territory, how
  many of the item's linked wishes the territory filed or supports. Kept in step by the
  services with the map's counters; filled here from the existing rows. The pages read
  an item's territories from it instead of every vote on its wishes;
- the board's columns: the first items of a status, in the column's order (target
  period, or delivery date when shipped), walked on an index of (status, key, id).

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
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
    op.create_index(
        "ix_roadmap_item_territory_wishes",
        "roadmap_item_territory",
        ["roadmap_item_id", "wishes", "territory_id"],
    )
    op.execute(
        "INSERT INTO roadmap_item_territory (roadmap_item_id, territory_id, wishes) "
        "SELECT l.roadmap_item_id, p.territory_id, count(*) "
        f"FROM ({PAIRS}) p JOIN wish_link l ON l.wish_id = p.wish_id "
        "GROUP BY l.roadmap_item_id, p.territory_id"
    )
    op.create_index("ix_roadmap_item_status_target", "roadmap_item", ["status", "target", "id"])
    op.create_index(
        "ix_roadmap_item_status_shipped", "roadmap_item", ["status", "shipped_on", "id"]
    )


def downgrade():
    op.drop_index("ix_roadmap_item_status_shipped", table_name="roadmap_item")
    op.drop_index("ix_roadmap_item_status_target", table_name="roadmap_item")
    op.drop_index("ix_roadmap_item_territory_wishes", table_name="roadmap_item_territory")
    op.drop_table("roadmap_item_territory")
