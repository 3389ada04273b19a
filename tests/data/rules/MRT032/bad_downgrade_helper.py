"""the downgrade copies phones back in one statement

Revision ID: a032d
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a032d"
down_revision = None


def _restore(conn):
    conn.execute(sa.text("UPDATE users SET phone = legacy_phone WHERE legacy_phone IS NOT NULL"))  # HIT


def upgrade():
    op.add_column("users", sa.Column("legacy_phone", sa.String(32)))


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        _restore(op.get_bind())
    op.drop_column("users", "legacy_phone")
