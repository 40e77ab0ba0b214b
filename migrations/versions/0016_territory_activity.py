"""The map's counters: what each territory filed and supported, by product, category,
status and delivery, kept in step by the services; filled here from the existing rows.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

PAIRS = """
    SELECT id AS wish_id, territory_id, 1 AS f FROM wish
    UNION ALL
    SELECT DISTINCT v.wish_id, v.territory_id, 0 FROM vote v
    JOIN wish w2 ON w2.id = v.wish_id WHERE v.territory_id <> w2.territory_id
"""
DELIVERED = """
    CASE WHEN EXISTS (SELECT 1 FROM wish_link l WHERE l.wish_id = w.id)
     AND NOT EXISTS (SELECT 1 FROM wish_link l JOIN roadmap_item i ON i.id = l.roadmap_item_id
                     WHERE l.wish_id = w.id AND i.status <> 'shipped')
    THEN TRUE ELSE FALSE END
"""


def _counters() -> list[sa.Column]:
    return [
        sa.Column("status", sa.String(20), primary_key=True),
        sa.Column("delivered", sa.Boolean(), primary_key=True),
        sa.Column("filed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("supported", sa.Integer(), nullable=False, server_default="0"),
    ]


def upgrade():
    territory = lambda: sa.Column(  # noqa: E731
        "territory_id", sa.Integer(), sa.ForeignKey("territory.id"), primary_key=True
    )
    op.create_table(
        "territory_activity",
        territory(),
        sa.Column("product_id", sa.Integer(), sa.ForeignKey("product.id"), primary_key=True),
        sa.Column("category_id", sa.Integer(), sa.ForeignKey("category.id"), primary_key=True),
        *_counters(),
    )
    op.create_table("territory_activity_total", territory(), *_counters())
    op.execute(
        "INSERT INTO territory_activity "
        "(territory_id, product_id, category_id, status, delivered, filed, supported) "
        "SELECT territory_id, product_id, category_id, status, delivered, sum(f), sum(1 - f) "
        f"FROM (SELECT p.territory_id, p.f, w.product_id, w.category_id, w.status, "
        f"{DELIVERED} AS delivered FROM ({PAIRS}) p JOIN wish w ON w.id = p.wish_id) c "
        "GROUP BY territory_id, product_id, category_id, status, delivered"
    )
    op.execute(
        "INSERT INTO territory_activity_total "
        "(territory_id, status, delivered, filed, supported) "
        "SELECT territory_id, status, delivered, sum(filed), sum(supported) "
        "FROM territory_activity GROUP BY territory_id, status, delivered"
    )


def downgrade():
    op.drop_table("territory_activity_total")
    op.drop_table("territory_activity")
