"""create users (clean)

Revision ID: 1a000001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "1a000001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(32), nullable=True),
    )
    op.create_table("legacy_audit", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("legacy_audit")
    op.drop_table("users")
