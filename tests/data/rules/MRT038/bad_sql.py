"""sequence changes in SQL

Revision ID: a038s
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a038s"
down_revision = None


def upgrade():
    op.execute("ALTER SEQUENCE users_id_seq RESTART WITH 1000")  # HIT
    op.execute("SELECT setval('orders_id_seq', (SELECT max(id) FROM orders))")  # HIT
    op.execute("DROP SEQUENCE legacy_seq")  # HIT
    op.execute("CREATE SEQUENCE ticket_seq START 1")  # HIT: downgrade does not drop it


def downgrade():
    op.execute("CREATE SEQUENCE legacy_seq")  # HIT
    op.execute("ALTER SEQUENCE users_id_seq RESTART WITH 1")  # HIT
