"""raw sql

Revision ID: s2604
Revises: s2603
"""
from alembic import op
import sqlalchemy as sa

revision = "s2604"
down_revision = "s2603"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE orders ADD CONSTRAINT ck_orders_total CHECK (total >= 0)")  # HIT 'ck_orders_total' to existing table 'orders'
    op.get_bind().execute(sa.text("ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)"))  # HIT 'ck_users_age' to existing table 'users'
    conn = op.get_bind()
    conn.execute(
        """
        ALTER TABLE items ADD CONSTRAINT ck_items_qty CHECK (qty > 0) NOT VALID;
        ALTER TABLE items ADD CONSTRAINT ck_items_price CHECK (price >= 0);  -- HIT 'ck_items_price' to existing table 'items'
        """
    )


def downgrade():
    op.execute("ALTER TABLE items DROP CONSTRAINT ck_items_price")
    op.execute("ALTER TABLE items DROP CONSTRAINT ck_items_qty")
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_age")
    op.execute("ALTER TABLE orders DROP CONSTRAINT ck_orders_total")
