"""cascade from orders to users

Revision ID: a037op
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a037op"
down_revision = None


def upgrade():
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"], ondelete="CASCADE")  # HIT
    with op.batch_alter_table("payments") as batch_op:
        batch_op.create_foreign_key("fk_payments_order", "orders", ["order_id"], ["id"], ondelete="cascade")  # HIT


def downgrade():
    with op.batch_alter_table("payments") as batch_op:
        batch_op.drop_constraint("fk_payments_order", type_="foreignkey")
    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")
