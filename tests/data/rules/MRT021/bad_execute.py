"""raw sql

Revision ID: s2104
Revises: s2103
"""
from alembic import op
import sqlalchemy as sa

revision = "s2104"
down_revision = "s2103"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users ALTER COLUMN email SET NOT NULL")  # HIT SET NOT NULL makes existing column 'users.email'
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE orders ALTER COLUMN total SET NOT NULL"))  # HIT 'orders.total'
    op.execute(
        """
        UPDATE invoices SET due = now() WHERE due IS NULL;
        ALTER TABLE invoices ALTER COLUMN due SET NOT NULL;  -- HIT 'invoices.due'
        """
    )


def downgrade():
    op.execute("ALTER TABLE invoices ALTER COLUMN due DROP NOT NULL")
    op.execute("ALTER TABLE orders ALTER COLUMN total DROP NOT NULL")
    op.execute("ALTER TABLE users ALTER COLUMN email DROP NOT NULL")
