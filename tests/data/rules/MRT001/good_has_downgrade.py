"""migration

Revision ID: a004
Revises: a003
"""
from alembic import op
import sqlalchemy as sa

revision = "a004"
down_revision = "a003"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(32), nullable=True))


def downgrade():
    op.drop_column("users", "phone")
