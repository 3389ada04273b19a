"""fixture dc01

Revision ID: dc01
Revises: dc00
"""
from alembic import op
import sqlalchemy as sa

revision = "dc01"
down_revision = "dc00"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.Enum("new", "paid", "shipped", name="order_status"), nullable=False),  # HIT
    )


def downgrade():
    op.drop_table("orders")  # mrt: ignore[MRT010] orders table is new in this release
