"""partial alter_column calls

Revision ID: m1601
Revises: m1600
"""
from alembic import op
import sqlalchemy as sa

revision = "m1601"
down_revision = "m1600"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "email", nullable=False)  # HIT
    op.alter_column("users", "name", type_=sa.String(200), existing_nullable=False)  # HIT
    op.alter_column(  # HIT
        "users",
        "status",
        existing_type=sa.String(20),
        existing_server_default=sa.text("'new'"),
        new_column_name="state",
    )
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("total", type_=sa.Numeric(12, 2))  # HIT


def downgrade():
    op.alter_column("users", "email", nullable=True)  # HIT
