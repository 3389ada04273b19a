"""text only

Revision ID: s2207
Revises: s2206
"""
from alembic import op
import sqlalchemy as sa

revision = "s2207"
down_revision = "s2206"
branch_labels = None
depends_on = None


# op.rename_table("customer", "customers") will come in 0042.
# ALTER TABLE users RENAME COLUMN mail TO email


def upgrade():
    """Later: ALTER TABLE users RENAME COLUMN mail TO email."""
    op.execute("UPDATE settings SET value = 'RENAME TABLE a TO b' WHERE key = 'x'")


def downgrade():
    op.execute("UPDATE settings SET value = NULL WHERE key = 'x'")
