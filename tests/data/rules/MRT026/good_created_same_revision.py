"""new table and text

Revision ID: s2606
Revises: s2605
"""
from alembic import op
import sqlalchemy as sa

revision = "s2606"
down_revision = "s2605"
branch_labels = None
depends_on = None


# op.create_check_constraint("ck_x", "orders", "total >= 0") -- with NOT VALID, later
# ALTER TABLE orders ADD CONSTRAINT ck CHECK (total >= 0)


def upgrade():
    """Not here: ALTER TABLE orders ADD CONSTRAINT ck CHECK (total >= 0)."""
    op.create_table("refunds", sa.Column("id", sa.Integer, primary_key=True), sa.Column("amount", sa.Numeric(10, 2)))
    op.create_check_constraint("ck_refunds_amount", "refunds", "amount > 0")
    op.execute("ALTER TABLE refunds ADD CONSTRAINT ck_refunds_id CHECK (id > 0)")


def downgrade():
    op.drop_table("refunds")
