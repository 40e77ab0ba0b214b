"""The Rencontre cycle: dot votes per workshop, open/closed workshops with a topic,
registered territories, workshop agendas, the frozen restitution and the vendor's answers.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event") as batch:
        batch.add_column(
            sa.Column("dots_per_territory", sa.Integer(), server_default="5", nullable=False)
        )
        batch.add_column(sa.Column("host_territory_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("restitution_frozen_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column("restitution_published_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_foreign_key(
            "fk_event_host_territory_id_territory", "territory", ["host_territory_id"], ["id"]
        )
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("topic", sa.Text(), server_default="", nullable=False))
        batch.add_column(
            sa.Column("is_open", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "dot_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("wish_id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("count > 0", name=op.f("ck_dot_vote_positive_count")),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_dot_vote_recorded_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territory.id"], name=op.f("fk_dot_vote_territory_id_territory")
        ),
        sa.ForeignKeyConstraint(["wish_id"], ["wish.id"], name=op.f("fk_dot_vote_wish_id_wish")),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_dot_vote_workshop_id_workshop")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dot_vote")),
        sa.UniqueConstraint("workshop_id", "wish_id", "territory_id", name="uq_dot_vote_cast"),
    )
    for column in ("workshop_id", "wish_id", "territory_id"):
        op.create_index(op.f(f"ix_dot_vote_{column}"), "dot_vote", [column])

    op.create_table(
        "workshop_agenda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("wish_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user_account.id"],
            name=op.f("fk_workshop_agenda_added_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["wish_id"], ["wish.id"], name=op.f("fk_workshop_agenda_wish_id_wish")
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_workshop_agenda_workshop_id_workshop")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_agenda")),
        sa.UniqueConstraint("workshop_id", "wish_id", name="uq_workshop_agenda_pair"),
    )
    for column in ("workshop_id", "wish_id"):
        op.create_index(op.f(f"ix_workshop_agenda_{column}"), "workshop_agenda", [column])

    op.create_table(
        "event_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_registration_event_id_event")
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["territory.id"],
            name=op.f("fk_event_registration_territory_id_territory"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_registration")),
        sa.UniqueConstraint("event_id", "territory_id", name="uq_event_registration_pair"),
    )
    for column in ("event_id", "territory_id"):
        op.create_index(op.f(f"ix_event_registration_{column}"), "event_registration", [column])

    op.create_table(
        "restitution_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("wish_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.Column("territories_count", sa.Integer(), nullable=False),
        sa.Column("status_at_freeze", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("target", sa.String(length=10), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('retained', 'later', 'declined')",
            name=op.f("ck_restitution_entry_decision_known"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user_account.id"],
            name=op.f("fk_restitution_entry_answered_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_restitution_entry_event_id_event")
        ),
        sa.ForeignKeyConstraint(
            ["wish_id"], ["wish.id"], name=op.f("fk_restitution_entry_wish_id_wish")
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name=op.f("fk_restitution_entry_workshop_id_workshop")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restitution_entry")),
        sa.UniqueConstraint("event_id", "wish_id", name="uq_restitution_entry_pair"),
    )
    for column in ("event_id", "wish_id"):
        op.create_index(op.f(f"ix_restitution_entry_{column}"), "restitution_entry", [column])


def downgrade():
    for table, columns in (
        ("restitution_entry", ("event_id", "wish_id")),
        ("event_registration", ("event_id", "territory_id")),
        ("workshop_agenda", ("workshop_id", "wish_id")),
        ("dot_vote", ("workshop_id", "wish_id", "territory_id")),
    ):
        for column in columns:
            op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        op.drop_table(table)
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("is_open")
        batch.drop_column("topic")
    with op.batch_alter_table("event") as batch:
        batch.drop_constraint("fk_event_host_territory_id_territory", type_="foreignkey")
        batch.drop_column("restitution_published_at")
        batch.drop_column("restitution_frozen_at")
        batch.drop_column("host_territory_id")
        batch.drop_column("dots_per_territory")
