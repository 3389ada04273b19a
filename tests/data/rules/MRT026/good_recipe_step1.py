"""safe recipe, step 1: NOT VALID

Revision ID: s2607
Revises: s2606
"""
from alembic import op
import sqlalchemy as sa

revision = "s2607"
down_revision = "s2606"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE orders ADD CONSTRAINT ck_orders_total CHECK (total >= 0) NOT VALID")


def downgrade():
    op.drop_constraint("ck_orders_total", "orders", type_="check")
