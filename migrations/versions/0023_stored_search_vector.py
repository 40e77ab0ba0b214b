"""Search on PostgreSQL: the weighted ``tsvector`` of a wish is stored in a generated
column, ``wish.search_vector``, and the GIN index is built on it. Ranking reads every
match's vector; built again from the text of each match, it was most of a ranked
search's time. SQLite (FTS5) is unchanged.

Revision ID: 0023
Revises: 0022
"""

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# The expression index this revision replaces, as 0006 built it.
VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'B'))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.search.index import install

    op.execute("DROP INDEX IF EXISTS ix_wish_search")
    install(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.search.index import uninstall

    uninstall(op.get_bind())
    op.execute(f"CREATE INDEX ix_wish_search ON wish USING gin ({VECTOR})")
