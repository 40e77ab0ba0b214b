"""Full-text search (stemmed columns, FTS5 / GIN) and list indexes for filter + sort

Revision ID: 0006
Revises: 0008
Create Date: 2026-11-26 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0008"
branch_labels = None
depends_on = None

RANK = ["territories_count", "votes_count", "created_at"]
INDEXES = {
    "ix_wish_status_rank": ["status", *RANK],
    "ix_wish_product_rank": ["product_id", *RANK],
    "ix_wish_category_rank": ["category_id", *RANK],
    "ix_wish_territory_rank": ["territory_id", *RANK],
    "ix_wish_event_rank": ["event_id", *RANK],
}


def _backfill(connection):
    from app.search.text import stemmed_text

    wish = sa.table(
        "wish",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("body", sa.Text),
        sa.column("search_title", sa.Text),
        sa.column("search_body", sa.Text),
    )
    rows = connection.execute(sa.select(wish.c.id, wish.c.title, wish.c.body)).all()
    updates = [
        {"wid": r.id, "st": stemmed_text(r.title or ""), "sb": stemmed_text(r.body or "")}
        for r in rows
    ]
    if updates:
        connection.execute(
            wish.update()
            .where(wish.c.id == sa.bindparam("wid"))
            .values(search_title=sa.bindparam("st"), search_body=sa.bindparam("sb")),
            updates,
        )


def upgrade():
    op.add_column("wish", sa.Column("search_title", sa.Text(), server_default="", nullable=False))
    op.add_column("wish", sa.Column("search_body", sa.Text(), server_default="", nullable=False))
    connection = op.get_bind()
    _backfill(connection)
    for name, columns in INDEXES.items():
        op.create_index(name, "wish", columns, unique=False)

    from app.search.index import install

    install(connection)


def downgrade():
    from app.search.index import uninstall

    uninstall(op.get_bind())
    for name in INDEXES:
        op.drop_index(name, table_name="wish")
    if op.get_bind().dialect.name == "sqlite":
        # Plain ALTER (SQLite >= 3.35): a batch copy of ``wish`` would trip foreign keys.
        op.execute("ALTER TABLE wish DROP COLUMN search_body")
        op.execute("ALTER TABLE wish DROP COLUMN search_title")
    else:
        op.drop_column("wish", "search_body")
        op.drop_column("wish", "search_title")
