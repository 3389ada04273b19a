"""batch

Revision ID: s2503
Revises: s2502
"""
from alembic import op
import sqlalchemy as sa

revision = "s2503"
down_revision = "s2502"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("payments") as batch_op:
        batch_op.create_foreign_key("fk_payments_order", "orders", ["order_id"], ["id"])  # HIT batch_op.create_foreign_key() adds foreign key 'fk_payments_order' to existing table 'payments'
        batch_op.add_column(sa.Column("refund_id", sa.Integer, sa.ForeignKey("refunds.id")))  # HIT column 'refund_id' with a foreign key to existing table 'payments'


def downgrade():
    with op.batch_alter_table("payments") as batch_op:
        batch_op.drop_column("refund_id")
        batch_op.drop_constraint("fk_payments_order", type_="foreignkey")
