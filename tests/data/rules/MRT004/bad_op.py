"""migration

Revision ID: c001
Revises: c000
"""
from alembic import op
import sqlalchemy as sa

revision = "c001"
down_revision = "c000"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "phone")  # HIT


def downgrade():
    op.add_column("users", sa.Column("phone", sa.String(32), nullable=True))
