"""alias and keywords

Revision ID: s2502
Revises: s2501
"""
from alembic import op as o
import sqlalchemy as sa

revision = "s2502"
down_revision = "s2501"
branch_labels = None
depends_on = None


def upgrade():
    o.create_foreign_key(  # HIT foreign key 'fk_items_order' to existing table 'items'
        constraint_name="fk_items_order",
        source_table="items",
        referent_table="orders",
        local_cols=["order_id"],
        remote_cols=["id"],
        ondelete="RESTRICT",
    )


def downgrade():
    o.drop_constraint("fk_items_order", "items", type_="foreignkey")
