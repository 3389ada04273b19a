"""fixture db03

Revision ID: db03
Revises: db02
"""
from alembic import op
import sqlalchemy as sa

revision = "db03"
down_revision = "db02"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_orders_old", table_name="orders")
    op.drop_constraint("uq_orders_ref", "orders", type_="unique")  # HIT
    op.rename_table("customer", "customers")  # HIT
    op.alter_column("orders", "amt", new_column_name="amount")


def downgrade():
    op.alter_column("orders", "amount", new_column_name="amt")
    op.create_index("ix_orders_old", "orders", ["created_at"])
