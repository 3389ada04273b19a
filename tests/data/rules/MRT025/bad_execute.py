"""raw sql

Revision ID: s2504
Revises: s2503
"""
from alembic import op
import sqlalchemy as sa

revision = "s2504"
down_revision = "s2503"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id)")  # HIT foreign key 'fk_orders_user' to existing table 'orders'
    op.get_bind().execute(sa.text("ALTER TABLE items ADD FOREIGN KEY (order_id) REFERENCES orders (id)"))  # HIT adds a foreign key to existing table 'items'
    conn = op.get_bind()
    conn.execute(
        """
        ALTER TABLE notes ADD CONSTRAINT fk_notes_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
        ALTER TABLE notes ADD COLUMN shop_id integer REFERENCES shops (id);  -- HIT adds a foreign key to existing table 'notes'
        """
    )


def downgrade():
    op.execute("ALTER TABLE notes DROP COLUMN shop_id")
    op.execute("ALTER TABLE notes DROP CONSTRAINT fk_notes_user")
    op.execute("ALTER TABLE items DROP CONSTRAINT items_order_id_fkey")
    op.execute("ALTER TABLE orders DROP CONSTRAINT fk_orders_user")
