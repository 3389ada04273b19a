"""fixture d908

Revision ID: d908
Revises: d907
"""
from alembic import op
import sqlalchemy as sa

revision = "d908"
down_revision = "d907"
branch_labels = None
depends_on = None


def upgrade():
    """Do not run UPDATE users SET status = 'x' here."""
    # op.execute("DELETE FROM sessions")
    op.create_index("ix_users_status", "users", ["status"])


def downgrade():
    op.drop_index("ix_users_status", table_name="users")
