"""the safe recipe, part 1: schema only

Revision ID: a031s
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a031s"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("status", sa.String(20)))


def downgrade():
    op.drop_column("users", "status")
