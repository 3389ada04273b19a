"""enum changes that add nothing

Revision ID: e1306
Revises: e1305
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "e1306"
down_revision = "e1305"
branch_labels = None
depends_on = None
import enum


class Status(enum.Enum):
    new = "new"
    paid = "paid"


NEW_VALUES = ("new", "paid", "refunded")


def upgrade():
    # shrinking is MRT007's business, not a value added
    op.alter_column(
        "orders",
        "status",
        type_=sa.Enum("new", name="order_status"),
        existing_type=sa.Enum("new", "paid", name="order_status"),
    )
    # another type: a swap, not a value added to order_status
    op.alter_column(
        "orders",
        "kind",
        type_=sa.Enum("a", "b", "c", name="order_kind_v2"),
        existing_type=sa.Enum("a", "b", name="order_kind"),
    )
    # values not known statically
    op.alter_column("orders", "s2", type_=sa.Enum(Status, name="s2"), existing_type=sa.Enum("new", name="s2"))
    op.alter_column(
        "orders", "s3", type_=sa.Enum(*NEW_VALUES, name="s3"), existing_type=sa.Enum("new", "paid", name="s3")
    )
    # same values, other options
    op.alter_column(
        "orders",
        "s4",
        type_=postgresql.ENUM("x", "y", name="s4", create_type=False),
        existing_type=postgresql.ENUM("y", "x", name="s4"),
    )
    op.execute("ALTER TYPE order_status RENAME VALUE 'paid' TO 'settled'")


def downgrade():
    # a downgrade adding a value back is not an upgrade adding one
    op.execute("ALTER TYPE order_status ADD VALUE 'paid'")
