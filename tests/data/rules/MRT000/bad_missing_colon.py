"""a missing colon

Revision ID: a000c
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a000c"
down_revision = None


def upgrade()  # HIT
    op.add_column("users", sa.Column("nickname", sa.String(50)))


def downgrade():
    op.drop_column("users", "nickname")
