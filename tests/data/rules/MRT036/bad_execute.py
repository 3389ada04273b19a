"""maintenance inside a migration

Revision ID: a036e
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a036e"
down_revision = None


def upgrade():
    op.execute("VACUUM FULL users")  # HIT
    op.execute("CLUSTER orders USING ix_orders_created")  # HIT
    op.execute("REINDEX TABLE orders")  # HIT
    op.execute("LOCK TABLE users IN SHARE MODE")  # HIT
    op.execute("ALTER TABLE events DETACH PARTITION events_2020")  # HIT
    op.execute("""
        SET lock_timeout = '5s';
        REINDEX INDEX ix_users_email; -- # HIT
    """)


def downgrade():
    op.execute("ALTER TABLE events ATTACH PARTITION events_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')")
