"""fixture d802

Revision ID: d802
Revises: d801
"""
from alembic import op
import sqlalchemy as sa

revision = "d802"
down_revision = "d801"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users ALTER COLUMN phone DROP NOT NULL")
    op.execute("ALTER TABLE orders DROP CONSTRAINT uq_orders_ref")


def downgrade():
    op.execute("ALTER TABLE users ALTER COLUMN phone SET NOT NULL")  # HIT
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE orders ADD CONSTRAINT uq_orders_ref UNIQUE (ref)"))  # HIT
