"""migration

Revision ID: d005
Revises: d004
"""
from alembic import op
import sqlalchemy as sa

revision = "d005"
down_revision = "d004"
branch_labels = None
depends_on = None


# op.drop_table("audit_log")
# DROP TABLE audit_log;


def upgrade():
    """Not doing DROP TABLE audit_log yet."""
    op.execute("UPDATE settings SET value = 'DROP TABLE x' WHERE key = 'joke'")


def downgrade():
    op.execute("UPDATE settings SET value = '' WHERE key = 'joke'")
