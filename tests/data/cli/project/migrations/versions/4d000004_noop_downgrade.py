"""add users.nickname, downgrade forgotten

Revision ID: 4d000004
Revises: 3c000003
"""
from alembic import op
import sqlalchemy as sa

revision = "4d000004"
down_revision = "3c000003"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("nickname", sa.String(50), nullable=True))


def downgrade():
    pass
