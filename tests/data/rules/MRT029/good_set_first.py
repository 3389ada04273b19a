"""the safe recipe: lock_timeout first

Revision ID: a029g
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a029g"
down_revision = None


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.add_column("users", sa.Column("score", sa.Integer(), nullable=False, server_default="0"))
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])
    op.execute("ALTER TABLE orders ALTER COLUMN note TYPE text")


def downgrade():
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")
    op.drop_column("users", "score")
