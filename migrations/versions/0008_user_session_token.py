"""User session token: sessions end when the password changes or the account is deactivated

Revision ID: 0008
Revises: 0001
Create Date: 2026-11-26 09:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (SQLite too): no table rebuild, so the expression index on
    # lower(email) stays.
    op.add_column(
        'user_account',
        sa.Column('session_token', sa.String(length=32), server_default='', nullable=False),
    )
    # Every existing account gets a token of its own.
    connection = op.get_bind()
    user_account = sa.table('user_account', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    ids = connection.execute(sa.select(user_account.c.id)).scalars().all()
    for user_id in ids:
        connection.execute(
            user_account.update()
            .where(user_account.c.id == user_id)
            .values(session_token=secrets.token_hex(16))
        )


def downgrade():
    # SQLite rebuilds the table to drop a column and would silently lose the expression
    # index (it cannot be reflected): drop it first, create it again afterwards.
    op.drop_index('uq_user_account_email_lower', table_name='user_account')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_token')
    op.create_index(
        'uq_user_account_email_lower', 'user_account', [sa.text('lower(email)')], unique=True
    )
