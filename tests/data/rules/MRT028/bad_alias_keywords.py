"""alias and keywords

Revision ID: s2802
Revises: s2801
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s2802"
down_revision = "s2801"
branch_labels = None
depends_on = None


def upgrade():
    o.add_column(  # HIT adds an identity column 'orders.number'
        table_name="orders",
        column=sa.Column("number", sa.Integer(), sa.Identity(start=1000), nullable=False),
    )


def downgrade():
    o.drop_column(table_name="orders", column_name="number")
