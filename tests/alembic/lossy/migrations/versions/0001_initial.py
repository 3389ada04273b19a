"""initial schema: users and settings

Revision ID: 0001_initial
Revises:
Create Date: 2024-01-08 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("email", sa.String(120), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=True),
        sa.Column("legacy_code", sa.String(20), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
        sa.Column("bio", sa.String(200), nullable=True),
    )
    op.create_index("ix_users_email", "users", ["email"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade():
    op.drop_table("settings")
    op.drop_index("ix_users_email", table_name="users")
    op.drop_table("users")
