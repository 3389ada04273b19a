"""an unbalanced bracket

Revision ID: a000b
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a000b"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("nickname", sa.String(50))))  # HIT


def downgrade():
    op.drop_column("users", "nickname")
