"""check on existing table

Revision ID: s2601
Revises: s2600
"""
from alembic import op
import sqlalchemy as sa

revision = "s2601"
down_revision = "s2600"
branch_labels = None
depends_on = None


def upgrade():
    op.create_check_constraint("ck_orders_total_positive", "orders", "total >= 0")  # HIT 'ck_orders_total_positive' to existing table 'orders'


def downgrade():
    op.drop_constraint("ck_orders_total_positive", "orders", type_="check")
