"""enum values listed differently: the column keeps its type (value growth is MRT013's)

Revision ID: s2311
Revises: s2310
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "s2311"
down_revision = "s2310"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column(
        "orders",
        "status",
        type_=sa.Enum("new", "paid", "refunded", name="order_status"),
        existing_type=sa.Enum("new", "paid", name="order_status"),
    )
    op.alter_column(
        "orders",
        "kind",
        type_=postgresql.ENUM("x", "y", name="order_kind", create_type=False),
        existing_type=postgresql.ENUM("y", "x", name="order_kind"),
    )


def downgrade():
    op.alter_column(
        "orders",
        "status",
        type_=sa.Enum("new", "paid", name="order_status"),
        existing_type=sa.Enum("new", "paid", "refunded", name="order_status"),
    )
