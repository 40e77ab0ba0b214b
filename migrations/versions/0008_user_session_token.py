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
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_token', sa.String(length=32), server_default='', nullable=False)
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
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_token')
