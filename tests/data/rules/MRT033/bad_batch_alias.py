"""relax orders in a batch

Revision ID: a033b
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a033b"
down_revision = None


def upgrade():
    with o.batch_alter_table("orders") as batch_op:
        batch_op.drop_constraint("fk_orders_user", type_="foreignkey")  # HIT
        batch_op.alter_column("note", existing_type=sa.Text(), nullable=True)  # HIT


def downgrade():
    with o.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("note", existing_type=sa.Text(), nullable=False)
        batch_op.create_foreign_key("fk_orders_user", "users", ["user_id"], ["id"])
