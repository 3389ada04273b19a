"""UPDATE users SET status = 'a' WHERE status IS NULL -- only in text

Revision ID: a032t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a032t"
down_revision = None


def upgrade():
    # op.execute("UPDATE users SET status = 'a' WHERE status IS NULL")
    op.execute("SELECT 'UPDATE users SET status = 1 WHERE status IS NULL'")
    op.execute("COMMENT ON COLUMN users.status IS 'INSERT INTO x SELECT * FROM y'")


def downgrade():
    """INSERT INTO archive SELECT * FROM messages"""
