"""Comments: edited and deleted within a time window, their earlier text kept as
revisions.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comment") as batch:
        batch.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "comment_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comment.id"], name=op.f("fk_comment_revision_comment_id_comment")
        ),
        sa.ForeignKeyConstraint(
            ["editor_id"],
            ["user_account.id"],
            name=op.f("fk_comment_revision_editor_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_revision")),
    )
    op.create_index(
        op.f("ix_comment_revision_comment_id"), "comment_revision", ["comment_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_comment_revision_comment_id"), table_name="comment_revision")
    op.drop_table("comment_revision")
    with op.batch_alter_table("comment") as batch:
        batch.drop_column("deleted_at")
        batch.drop_column("edited_at")
