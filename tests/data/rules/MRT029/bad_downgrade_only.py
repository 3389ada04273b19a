"""rename column, protected upgrade

Revision ID: a029d
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a029d"
down_revision = None


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.alter_column("users", "fullname", new_column_name="full_name")
    op.execute("LOCK TABLE orders IN SHARE MODE")


def downgrade():
    op.execute("SET statement_timeout = '60s'")  # not lock_timeout
    op.execute("LOCK TABLE orders IN SHARE MODE")  # HIT
    op.alter_column("users", "full_name", new_column_name="fullname")
