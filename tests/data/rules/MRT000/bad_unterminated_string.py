"""an unterminated string

Revision ID: a000s
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a000s"
down_revision = None


def upgrade():
    op.execute("UPDATE users SET name = 'x)  # HIT
    op.drop_column("users", "legacy")


def downgrade():
    op.add_column("users", sa.Column("legacy", sa.Text()))
