"""plain index builds and drops

Revision ID: i1801
Revises: i1800
"""
from alembic import op
import sqlalchemy as sa

revision = "i1801"
down_revision = "i1800"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_email", "users", ["email"])  # HIT
    op.create_index("ix_users_name", "users", ["name"], unique=True, postgresql_concurrently=False)  # HIT
    op.drop_index("ix_users_old", table_name="users")  # HIT
    op.drop_index("ix_orphan")  # HIT
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index("ix_orders_created", ["created_at"])  # HIT


def downgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_created")  # HIT
    op.create_index("ix_users_old", "users", ["old"])  # HIT
    op.drop_index("ix_users_name", table_name="users")  # HIT
    op.drop_index("ix_users_email", table_name="users")  # HIT
