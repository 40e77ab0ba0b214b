"""Co-funding: a roadmap item's funding goal and deadline, when the goal was reached and
when the vendor confirmed it; the territories' pledges (one per item and territory).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("roadmap_item") as batch:
        batch.add_column(sa.Column("funding_goal", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("funding_deadline", sa.Date(), nullable=True))
        batch.add_column(sa.Column("funding_reached_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("funding_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "pledge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_item_id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_pledge_amount_positive")),
        sa.ForeignKeyConstraint(
            ["roadmap_item_id"],
            ["roadmap_item.id"],
            name=op.f("fk_pledge_roadmap_item_id_roadmap_item"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territory.id"], name=op.f("fk_pledge_territory_id_territory")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_pledge_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge")),
        sa.UniqueConstraint("roadmap_item_id", "territory_id", name="uq_pledge_item_territory"),
    )
    op.create_index(op.f("ix_pledge_roadmap_item_id"), "pledge", ["roadmap_item_id"])
    op.create_index(op.f("ix_pledge_territory_id"), "pledge", ["territory_id"])


def downgrade():
    op.drop_index(op.f("ix_pledge_territory_id"), table_name="pledge")
    op.drop_index(op.f("ix_pledge_roadmap_item_id"), table_name="pledge")
    op.drop_table("pledge")
    with op.batch_alter_table("roadmap_item") as batch:
        batch.drop_column("funding_confirmed_at")
        batch.drop_column("funding_reached_at")
        batch.drop_column("funding_deadline")
        batch.drop_column("funding_goal")
