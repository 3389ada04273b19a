"""batch in downgrade, alias, helper, condition

Revision ID: s1502
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s1502"
down_revision = None
branch_labels = None
depends_on = None


def _shrink():
    with o.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("legacy")  # HIT


def upgrade():
    o.add_column("orders", sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE")))
    with o.batch_alter_table("shops") as b:
        b.add_column(sa.Column("x", sa.Integer))
    o.create_foreign_key("fk_items_shop", "items", "shops", ["shop_id"], ["id"], ondelete="CASCADE")
    _shrink()
    if o.get_context().dialect.name == "sqlite":
        with o.batch_alter_table("shops") as b:
            b.add_column(sa.Column("y", sa.Integer))  # HIT


def downgrade():
    with o.batch_alter_table("customers") as batch_op:
        batch_op.add_column(sa.Column("legacy", sa.Integer))  # HIT
    o.drop_column("orders", "customer_id")
