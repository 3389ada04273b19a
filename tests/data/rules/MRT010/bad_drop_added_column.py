"""fixture da02

Revision ID: da02
Revises: da01
"""
from alembic import op
import sqlalchemy as sa

revision = "da02"
down_revision = "da01"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(32)))
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("coupon", sa.String(20)))
    op.execute("ALTER TABLE invoices ADD COLUMN vat_rate numeric(5, 2)")


def downgrade():
    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE invoices DROP COLUMN vat_rate"))  # NOTE
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("coupon")
    op.drop_column("users", "phone")
