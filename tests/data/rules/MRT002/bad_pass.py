"""migration

Revision ID: b001
Revises: b000
"""
from alembic import op
import sqlalchemy as sa

revision = "b001"
down_revision = "b000"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(32), nullable=True))


def downgrade():  # HIT
    pass
