"""otherapp exists only above the project root (pyproject.toml): not this project's code, silent

Revision ID: s2411
Revises:
"""
from alembic import op
import sqlalchemy as sa
import otherapp

revision = "s2411"
down_revision = None


def upgrade():
    op.add_column("t", sa.Column("c", sa.Integer))


def downgrade():
    op.drop_column("t", "c")
