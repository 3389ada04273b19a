"""safe recipe, step 1: NOT VALID

Revision ID: s2507
Revises: s2506
"""
from alembic import op
import sqlalchemy as sa

revision = "s2507"
down_revision = "s2506"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("orders", sa.Column("shop_id", sa.Integer(), nullable=True))
    op.execute(
        "ALTER TABLE orders ADD CONSTRAINT fk_orders_shop FOREIGN KEY (shop_id) REFERENCES shops (id) NOT VALID"
    )


def downgrade():
    op.drop_constraint("fk_orders_shop", "orders", type_="foreignkey")
    op.drop_column("orders", "shop_id")
