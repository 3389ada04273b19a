"""add users.nickname and an index

Revision ID: a030op
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a030op"
down_revision = None


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.add_column("users", sa.Column("nickname", sa.String(50)))
    op.create_index("ix_orders_created", "orders", ["created_at"])  # HIT
    op.execute("UPDATE orders SET note = '' WHERE id = 1")


def downgrade():
    op.drop_index("ix_orders_created", table_name="orders")
    op.drop_column("users", "nickname")  # HIT
