"""Search: the vocabulary of the wishes' words (typo correction) and the thesaurus of
the network's synonyms, seeded with its usual groups.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_word",
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.Column("stem", sa.String(length=64), nullable=False),
        sa.Column("spelling", sa.String(length=64), nullable=False),
        sa.Column("wishes", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_word")),
    )
    op.create_index(op.f("ix_search_word_stem"), "search_word", ["stem"], unique=False)
    op.create_table(
        "search_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonym")),
    )
    from app.search.index import install_thesaurus, rebuild_vocabulary

    connection = op.get_bind()
    install_thesaurus(connection)
    rebuild_vocabulary(connection)


def downgrade():
    op.drop_table("search_synonym")
    op.drop_index(op.f("ix_search_word_stem"), table_name="search_word")
    op.drop_table("search_word")
