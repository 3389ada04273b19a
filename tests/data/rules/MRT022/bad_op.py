"""rename column

Revision ID: s2201
Revises: s2200
"""
from alembic import op
import sqlalchemy as sa

revision = "s2201"
down_revision = "s2200"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "name", new_column_name="full_name", existing_type=sa.String(100))  # HIT renames column 'users.name' to 'full_name'
    op.rename_table("customer", "customers")  # HIT renames table 'customer' to 'customers'


def downgrade():
    op.rename_table("customers", "customer")  # HIT renames table 'customers' to 'customer'
    op.alter_column("users", "full_name", new_column_name="name", existing_type=sa.String(100))  # HIT renames column 'users.full_name' to 'name'
