"""fixture d806

Revision ID: d806
Revises: d805
"""
from alembic import op
import sqlalchemy as sa

revision = "d806"
down_revision = "d805"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE orders DROP CONSTRAINT fk_orders_user")
    op.execute("ALTER TABLE items DROP CONSTRAINT ck_items_price")
    op.drop_constraint("fk_items_owner", "items", type_="foreignkey")


def downgrade():
    op.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID")
    op.execute("ALTER TABLE items ADD CONSTRAINT ck_items_price CHECK (price > 0) NOT VALID")
    op.create_foreign_key("fk_items_owner", "items", "users", ["owner_id"], ["id"], postgresql_not_valid=True)
