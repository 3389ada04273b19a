"""add enum values with SQL

Revision ID: e1301
Revises: e1300
"""
from alembic import op
import sqlalchemy as sa

revision = "e1301"
down_revision = "e1300"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TYPE order_status ADD VALUE 'refunded'")  # HIT
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TYPE public.order_status ADD VALUE IF NOT EXISTS 'lost' AFTER 'paid'"))  # HIT
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE payment_kind ADD VALUE 'voucher'")  # HIT
    op.execute("""
        UPDATE orders SET note = 'x' WHERE id = 1;
        ALTER TYPE order_status ADD VALUE 'archived';  -- # HIT
        """)


def downgrade():
    pass
