"""CONCURRENTLY inside the migration transaction

Revision ID: c1901
Revises: c1900
"""
from alembic import op
import sqlalchemy as sa

revision = "c1901"
down_revision = "c1900"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)  # HIT
    op.execute("CREATE INDEX CONCURRENTLY ix_orders_status ON orders (status)")  # HIT
    op.get_bind().execute(sa.text("REINDEX INDEX CONCURRENTLY ix_orders_ref"))  # HIT
    op.execute("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY")  # HIT
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index("ix_orders_x", ["x"], postgresql_concurrently=True)  # HIT
    # a new table does not help: the statement itself is refused
    op.create_table("tokens", sa.Column("id", sa.Integer, primary_key=True))
    op.create_index("ix_tokens_id", "tokens", ["id"], postgresql_concurrently=True)  # HIT


def downgrade():
    op.drop_index("ix_tokens_id", table_name="tokens", postgresql_concurrently=True)  # HIT
    op.drop_table("tokens")
    op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_orders_status")  # HIT
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)
