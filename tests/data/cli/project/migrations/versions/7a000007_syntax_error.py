"""a typo: the upgrade does not parse

Revision ID: 7a000007
Revises: 6f000006
"""
from alembic import op
import sqlalchemy as sa

revision = "7a000007"
down_revision = "6f000006"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("orders", sa.Column("total", sa.Numeric(10, 2), nullable=True)
    op.create_index("ix_orders_total", "orders", ["total"])


def downgrade():
    op.drop_index("ix_orders_total", table_name="orders")
    op.drop_column("orders", "total")
