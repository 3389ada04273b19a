"""complete alter_column calls (the safe recipe)

Revision ID: m1603
Revises: m1602
"""
from alembic import op
import sqlalchemy as sa

revision = "m1603"
down_revision = "m1602"
branch_labels = None
depends_on = None


# op.alter_column("users", "email", nullable=False) would drop the default on MySQL


def upgrade():
    """op.alter_column("users", "email") without existing_* loses NOT NULL on MySQL."""
    op.alter_column(
        "users",
        "email",
        existing_type=sa.String(255),
        nullable=False,
        existing_server_default=sa.text("''"),
    )
    op.alter_column(
        "users",
        "name",
        type_=sa.String(200),
        existing_type=sa.String(100),
        existing_nullable=False,
        existing_server_default=None,
    )
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column(
            "total",
            type_=sa.Numeric(12, 2),
            existing_nullable=False,
            server_default=sa.text("0"),
        )
    op.execute("ALTER TABLE orders MODIFY note TEXT NULL")


def downgrade():
    op.alter_column(
        "users", "email", existing_type=sa.String(255), nullable=True, existing_server_default=sa.text("''")
    )
