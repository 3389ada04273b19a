"""raw sql

Revision ID: s2204
Revises: s2203
"""
from alembic import op
import sqlalchemy as sa

revision = "s2204"
down_revision = "s2203"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users RENAME COLUMN mail TO email")  # HIT RENAME COLUMN in upgrade() renames column 'users.mail' to 'email'
    op.get_bind().execute(sa.text("ALTER TABLE customer RENAME TO customers"))  # HIT RENAME TO in upgrade() renames table 'customer' to 'customers'
    conn = op.get_bind()
    conn.execute(
        """
        ALTER INDEX ix_customer_name RENAME TO ix_customers_name;
        RENAME TABLE lineitem TO line_items;  -- HIT RENAME TABLE in upgrade() renames table 'lineitem' to 'line_items'
        """
    )


def downgrade():
    op.execute("RENAME TABLE line_items TO lineitem")  # HIT RENAME TABLE in downgrade() renames table 'line_items' to 'lineitem'
    op.execute("ALTER INDEX ix_customers_name RENAME TO ix_customer_name")
    op.execute("ALTER TABLE customers RENAME TO customer")  # HIT renames table 'customers' to 'customer'
    op.execute("ALTER TABLE users RENAME COLUMN email TO mail")  # HIT renames column 'users.email' to 'mail'
