"""fixture d603

Revision ID: d603
Revises: d602
"""
from alembic import op
import sqlalchemy as sa

revision = "d603"
down_revision = "d602"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE orders DROP COLUMN amt")  # HIT
    op.execute("ALTER TABLE orders ADD COLUMN amount numeric(10, 2)")
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE invoices ADD COLUMN total_cents bigint"))
    conn.execute(sa.text("ALTER TABLE invoices DROP COLUMN cents"))  # HIT


def downgrade():
    op.execute("ALTER TABLE orders ADD COLUMN amt NUMERIC(10,2)")
    op.execute("ALTER TABLE orders DROP COLUMN amount")
    op.add_column("invoices", sa.Column("cents", sa.BigInteger()))
    op.drop_column("invoices", "total_cents")
