"""fixture db04

Revision ID: db04
Revises: db03
"""
from alembic import op
import sqlalchemy as sa

revision = "db04"
down_revision = "db03"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_items_sku", "items", ["sku"])


def downgrade():
    op.drop_index("ix_items_sku", table_name="items")
    op.create_index("ix_items_name", "items", ["name"])  # HIT
    op.drop_constraint("fk_items_legacy", "items", type_="foreignkey")  # NOTE
