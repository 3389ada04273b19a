"""drop a constraint in a helper

Revision ID: a030h
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a030h"
down_revision = None


def _relax():
    op.drop_constraint("ck_orders_total", "orders", type_="check")


def upgrade():
    _relax()
    if op.get_context().dialect.name == "postgresql":
        op.execute("UPDATE orders SET total = 0 WHERE total < 0")  # HIT


def downgrade():
    op.create_check_constraint("ck_orders_total", "orders", "total >= 0")
