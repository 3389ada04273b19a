"""revision h2

Revision ID: h2
"""
from alembic import op
import sqlalchemy as sa

revision = "h2"
down_revision = 'h1'


def _drop(conn):
    conn.execute(sa.text("ALTER TABLE accounts DROP COLUMN legacy_id"))


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        _drop(op.get_bind())


def downgrade():
    pass
