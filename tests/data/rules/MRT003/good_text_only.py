"""fixture d305

Revision ID: d305
Revises: d304
"""
from alembic import op
import sqlalchemy as sa

revision = "d305"
down_revision = "d304"
branch_labels = None
depends_on = None


def upgrade():
    """Adds users.tz; the old `raise NotImplementedError` downgrade was replaced."""
    op.add_column("users", sa.Column("tz", sa.String(64)))


def downgrade():
    # raise NotImplementedError("kept here as a comment only")
    op.drop_column("users", "tz")  # mrt: ignore[MRT010] time zones are re-derived from the address
