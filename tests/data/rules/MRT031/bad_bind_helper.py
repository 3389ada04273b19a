"""purge sessions in a helper, then change the schema

Revision ID: a031h
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a031h"
down_revision = None


def _purge():
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM sessions WHERE expires_at < now()"))  # HIT


def upgrade():
    _purge()
    op.execute("ALTER TABLE sessions ADD COLUMN device text")


def downgrade():
    op.execute("ALTER TABLE sessions DROP COLUMN device")
