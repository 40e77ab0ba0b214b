"""The domain's closed vocabularies are guarded by the database: wish and roadmap item
statuses, roles, notification preferences, territory kinds and history kinds accept
only their known codes (CHECK constraints).

On SQLite a constraint is added by rebuilding the table ("move and copy"), which drops
the expression indexes and the full-text triggers of ``wish``: they are put back after.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# The codes as they stand at this revision (the app's enums may grow later; a later
# migration then replaces the constraint).
WISH_STATUSES = ("new", "under_review", "accepted", "declined", "duplicate")
ROADMAP_STATUSES = (
    "considering",
    "planned",
    "in_progress",
    "in_testing",
    "shipped",
    "postponed",
    "cancelled",
)
ROLES = ("visitor", "club_member", "referent", "vendor", "admin")
NOTIFICATION_PREFERENCES = ("immediate", "daily", "never")
TERRITORY_KINDS = ("CRT", "ADT", "CDT", "OT", "other")
HISTORY_KINDS = (
    "created",
    "status",
    "link",
    "unlink",
    "merge",
    "merged_from",
    "official_answer",
    "edit",
    "supported",
    "item_status",
    "item_shipped",
    "pledge",
    "pledge_withdrawn",
    "funding_goal",
    "funding_reached",
    "funding_confirmed",
)

# table → [(column, codes)]; each constraint is named ck_<table>_<column>_known.
CHECKS = {
    "wish": [("status", WISH_STATUSES)],
    "roadmap_item": [("status", ROADMAP_STATUSES)],
    "user_account": [("role", ROLES), ("notification_preference", NOTIFICATION_PREFERENCES)],
    "territory": [("kind", TERRITORY_KINDS)],
    "status_change": [("kind", HISTORY_KINDS)],
}

# Expression indexes SQLite's table rebuild cannot carry over.
EXPRESSION_INDEXES = {
    "wish": [
        (
            "ix_wish_rank_providers_asking",
            [sa.text("coalesce(providers_asking, 0)"), "votes_count", "created_at"],
            False,
        )
    ],
    "user_account": [("uq_user_account_email_lower", [sa.text("lower(email)")], True)],
}


def _condition(column: str, codes: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(code) for code in codes)})"


def _alter(table: str, change) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    indexes = EXPRESSION_INDEXES.get(table, []) if sqlite else []
    for name, _columns, _unique in indexes:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table(table) as batch:
        change(batch)
    for name, columns, unique in indexes:
        op.create_index(name, table, columns, unique=unique)
    if sqlite and table == "wish":
        from app.search.index import install

        install(op.get_bind(), rebuild=False)


def upgrade() -> None:
    for table, checks in CHECKS.items():

        def add(batch, checks=checks, table=table) -> None:
            for column, codes in checks:
                batch.create_check_constraint(
                    op.f(f"ck_{table}_{column}_known"), _condition(column, codes)
                )

        _alter(table, add)


def downgrade() -> None:
    for table, checks in CHECKS.items():

        def drop(batch, checks=checks, table=table) -> None:
            for column, _codes in checks:
                batch.drop_constraint(op.f(f"ck_{table}_{column}_known"), type_="check")

        _alter(table, drop)
