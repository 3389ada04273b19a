"""drop users.phone

Revision ID: 2b000002
Revises: 1a000001
"""
from alembic import op
import sqlalchemy as sa

revision = "2b000002"
down_revision = "1a000001"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "phone")


def downgrade():
    op.add_column("users", sa.Column("phone", sa.String(32), nullable=True))
