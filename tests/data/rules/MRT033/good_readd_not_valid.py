"""MRT008's recipe: the downgrade re-adds the dropped constraints NOT VALID

Revision ID: a033v
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a033v"
down_revision = None


def upgrade():
    op.execute("ALTER TABLE orders DROP CONSTRAINT fk_orders_user")
    op.drop_constraint("fk_items_owner", "items", type_="foreignkey")


def downgrade():
    op.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID")
    op.create_foreign_key("fk_items_owner", "items", "users", ["owner_id"], ["id"], postgresql_not_valid=True)
