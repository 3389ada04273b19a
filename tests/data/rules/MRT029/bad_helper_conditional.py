"""index on orders

Revision ID: a029h
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a029h"
down_revision = None


def _index():
    op.create_index("ix_orders_user", "orders", ["user_id"])  # HIT


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        _index()


def downgrade():
    op.execute("SELECT set_config('lock_timeout', '5s', false)")
    op.drop_index("ix_orders_user", table_name="orders")
