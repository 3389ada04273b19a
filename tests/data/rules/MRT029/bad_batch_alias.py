"""add users.score

Revision ID: a029b
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a029b"
down_revision = None


def upgrade():
    o.execute("SET lock_timeout = 0")  # disables the timeout: does not count
    with o.batch_alter_table("users") as b:
        b.add_column(sa.Column("score", sa.Integer(), nullable=False, server_default="0"))  # HIT


def downgrade():
    o.execute("SET LOCAL lock_timeout = '3s'")
    with o.batch_alter_table("users") as b:
        b.drop_column("score")
