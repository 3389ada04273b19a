"""alias and keywords

Revision ID: s2202
Revises: s2201
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s2202"
down_revision = "s2201"
branch_labels = None
depends_on = None


def upgrade():
    o.alter_column(table_name="orders", column_name="amt", new_column_name="amount")  # HIT in upgrade() renames column 'orders.amt' to 'amount'
    o.rename_table(old_table_name="lineitem", new_table_name="line_items")  # HIT renames table 'lineitem' to 'line_items'


def downgrade():
    o.rename_table(old_table_name="line_items", new_table_name="lineitem")  # HIT in downgrade() renames table 'line_items' to 'lineitem'
    o.alter_column(table_name="orders", column_name="amount", new_column_name="amt")  # HIT renames column 'orders.amount' to 'amt'
