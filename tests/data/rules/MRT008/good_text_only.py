"""fixture d808

Revision ID: d808
Revises: d807
"""
from alembic import op
import sqlalchemy as sa

revision = "d808"
down_revision = "d807"
branch_labels = None
depends_on = None


def upgrade():
    """Used to be: op.alter_column("users", "email", nullable=True)."""
    op.create_index("ix_users_email", "users", ["email"])


def downgrade():
    # op.alter_column("users", "email", nullable=False)
    op.drop_index("ix_users_email", table_name="users")
