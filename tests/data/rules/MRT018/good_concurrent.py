"""concurrent builds (the safe recipe)

Revision ID: i1803
Revises: i1802
"""
from alembic import op
import sqlalchemy as sa

revision = "i1803"
down_revision = "i1802"
branch_labels = None
depends_on = None


# op.create_index("ix_users_email", "users", ["email"]) would block writes


def upgrade():
    """CREATE INDEX ix_users_email ON users (email) -- not like this."""
    with op.get_context().autocommit_block():
        op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)
        op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_orders_status ON orders (status)")
        op.drop_index("ix_users_old", table_name="users", postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_orders_status")
