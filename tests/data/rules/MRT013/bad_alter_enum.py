"""grow an enum through alter_column

Revision ID: e1302
Revises: e1301
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "e1302"
down_revision = "e1301"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column(  # HIT
        "orders",
        "status",
        type_=sa.Enum("new", "paid", "refunded", name="order_status"),
        existing_type=sa.Enum("new", "paid", name="order_status"),
        existing_nullable=False,
    )
    with op.batch_alter_table("payments") as batch_op:
        batch_op.alter_column(  # HIT
            "kind",
            type_=postgresql.ENUM("card", "cash", "voucher", "crypto", name="payment_kind"),
            existing_type=postgresql.ENUM("card", "cash", name="payment_kind"),
        )


def downgrade():
    op.alter_column(
        "orders",
        "status",
        type_=sa.Enum("new", "paid", name="order_status"),
        existing_type=sa.Enum("new", "paid", "refunded", name="order_status"),
    )
