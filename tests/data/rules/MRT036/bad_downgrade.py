"""the downgrade reindexes

Revision ID: a036d
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a036d"
down_revision = None


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("REINDEX INDEX CONCURRENTLY ix_orders_created")


def downgrade():
    op.execute("REINDEX INDEX ix_orders_created")  # HIT
