"""inside autocommit_block (the safe recipe)

Revision ID: c1903
Revises: c1902
"""
from alembic import op
import sqlalchemy as sa

revision = "c1903"
down_revision = "c1902"
branch_labels = None
depends_on = None


# op.create_index("ix", "t", ["c"], postgresql_concurrently=True) outside autocommit_block() fails


def upgrade():
    """CREATE INDEX CONCURRENTLY must run outside a transaction."""
    with op.get_context().autocommit_block():
        op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)
        op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_orders_status ON orders (status)")
        op.get_bind().execute(sa.text("REINDEX INDEX CONCURRENTLY ix_orders_ref"))
    op.execute("INSERT INTO notes (body) VALUES ('CREATE INDEX CONCURRENTLY is great')")
    op.create_index("ix_users_name", "users", ["name"], postgresql_concurrently=False)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_orders_status")
