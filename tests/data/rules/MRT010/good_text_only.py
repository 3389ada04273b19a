"""fixture da07

Revision ID: da07
Revises: da06
"""
from alembic import op
import sqlalchemy as sa

revision = "da07"
down_revision = "da06"
branch_labels = None
depends_on = None


def upgrade():
    """Adds an index; no op.drop_table("audit_log") anywhere."""
    op.create_index("ix_users_email", "users", ["email"])


def downgrade():
    # op.execute("TRUNCATE users")
    op.drop_index("ix_users_email", table_name="users")
