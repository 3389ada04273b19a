"""fixture d803

Revision ID: d803
Revises: d802
"""
from alembic import op
import sqlalchemy as sa

revision = "d803"
down_revision = "d802"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_constraint("uq_users_email", "users", type_="unique")
    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")
    op.drop_constraint("ck_items_price_positive", "items", type_="check")
    op.drop_index(op.f("ix_users_login"), table_name="users")
    op.drop_constraint("pk_codes", "codes", type_="primary")


def downgrade():
    op.create_primary_key("pk_codes", "codes", ["code"])  # HIT
    op.create_index(op.f("ix_users_login"), "users", ["login"], unique=True)  # HIT
    op.create_check_constraint("ck_items_price_positive", "items", "price > 0")  # HIT
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])  # HIT
    op.create_unique_constraint("uq_users_email", "users", ["email"])  # HIT
