"""locks weaker than ACCESS EXCLUSIVE do not start the clock

Revision ID: a030w
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a030w"
down_revision = None


def upgrade():
    op.execute("LOCK TABLE users IN SHARE MODE")
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user")
    op.create_index("ix_orders_user", "orders", ["user_id"])


def downgrade():
    op.execute("SET lock_timeout = '5s'")
    op.execute("COMMIT")
