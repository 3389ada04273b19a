"""migration

Revision ID: a001
Revises: a000
"""
from alembic import op
import sqlalchemy as sa

revision = "a001"
down_revision = "a000"
branch_labels = None
depends_on = None


def upgrade():  # HIT
    op.add_column("users", sa.Column("phone", sa.String(32), nullable=True))
