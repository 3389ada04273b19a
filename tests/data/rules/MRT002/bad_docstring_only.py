"""migration

Revision ID: b002
Revises: b001
"""
from alembic import op
import sqlalchemy as sa

revision = "b002"
down_revision = "b001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_email", "users", ["email"])
    op.execute("UPDATE users SET email = lower(email)")


def downgrade():  # HIT
    """Nothing to do here (famous last words)."""
