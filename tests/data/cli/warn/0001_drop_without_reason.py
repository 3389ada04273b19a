"""drop users.phone, suppressed without a reason (MRT900 warning only)

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.drop_column("users", "phone")  # mrt: ignore[MRT004]


def downgrade():
    op.add_column("users", sa.Column("phone", sa.String(32), nullable=True))
