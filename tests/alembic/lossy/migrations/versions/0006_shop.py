"""shop: products, orders, addresses

Revision ID: 0006_shop
Revises: 0005_drop_audit_log
Create Date: 2024-03-01 09:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0006_shop"
down_revision = "0005_drop_audit_log"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("price", sa.Numeric(10, 2), nullable=False),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Numeric(10, 2), nullable=False),
        sa.Column("note", sa.String(100), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_orders_user_id"),
    )
    op.create_table(
        "addresses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("city", sa.String(80), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_addresses_user_id"),
    )


def downgrade():
    op.drop_table("addresses")
    op.drop_table("orders")
    op.drop_table("products")
