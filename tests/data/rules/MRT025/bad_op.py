"""fk on existing table

Revision ID: s2501
Revises: s2500
"""
from alembic import op
import sqlalchemy as sa

revision = "s2501"
down_revision = "s2500"
branch_labels = None
depends_on = None


def upgrade():
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])  # HIT 'orders' and 'users' are blocked
    op.add_column("orders", sa.Column("shop_id", sa.Integer, sa.ForeignKey("shops.id"), nullable=True))  # HIT 'orders' and 'shops' are blocked


def downgrade():
    op.drop_column("orders", "shop_id")
    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")
