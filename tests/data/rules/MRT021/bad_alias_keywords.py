"""alias and keywords

Revision ID: s2102
Revises: s2101
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s2102"
down_revision = "s2101"
branch_labels = None
depends_on = None


def upgrade():
    o.alter_column(table_name="users", column_name="phone", nullable=False)  # HIT op.alter_column() makes existing column 'users.phone'


def downgrade():
    o.alter_column(table_name="users", column_name="phone", nullable=True)
