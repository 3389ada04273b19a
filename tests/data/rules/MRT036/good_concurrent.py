"""the safe recipe: concurrent variants in autocommit blocks

Revision ID: a036g
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a036g"
down_revision = None


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("REINDEX INDEX CONCURRENTLY ix_orders_created")
        op.execute("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY")
        op.execute("VACUUM ANALYZE users")
        op.execute("ANALYZE orders")


def downgrade():
    op.execute("ALTER TABLE events ATTACH PARTITION events_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')")
