"""migration

Revision ID: c008
Revises: c007
"""
from alembic import op
import sqlalchemy as sa

revision = "c008"
down_revision = "c007"
branch_labels = None
depends_on = None


# op.drop_column("users", "phone") was considered and rejected.
# ALTER TABLE users DROP COLUMN phone


def upgrade():
    """We do NOT run: ALTER TABLE users DROP COLUMN phone."""
    op.add_column("users", sa.Column("phone2", sa.String(32)))
    op.execute("UPDATE users SET note = 'DROP COLUMN later' WHERE id = 1")


def downgrade():
    op.drop_column("users", "phone2")
