"""fixture db08

Revision ID: db08
Revises: db07
"""
from alembic import op
import sqlalchemy as sa

revision = "db08"
down_revision = "db07"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "fax")  # mrt: ignore[MRT004] fax numbers are obsolete
    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")
    op.drop_index("ix_orders_code", table_name="orders")


def downgrade():
    op.create_index("ix_orders_code", "orders", ["code"])
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"], postgresql_not_valid=True)
    op.add_column("users", sa.Column("fax", sa.String(32)))
