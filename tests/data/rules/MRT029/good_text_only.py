"""ALTER TABLE users ... only in text: op.alter_column("users", "x")

Revision ID: a029t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a029t"
down_revision = None


def upgrade():
    # op.drop_column("users", "legacy") -- later
    op.add_column("users", sa.Column("nickname", sa.String(50)))  # nullable, no default: no rewrite
    op.execute("ALTER TABLE orders ADD COLUMN note text")
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user")
    with op.get_context().autocommit_block():
        op.create_index("ix_users_nickname", "users", ["nickname"], postgresql_concurrently=True)


def downgrade():
    """ALTER TABLE users DROP COLUMN nickname is what op.drop_column does."""
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_nickname", table_name="users", postgresql_concurrently=True)
    op.execute("SET lock_timeout = '5s'")
    op.drop_column("users", "nickname")
    op.execute("ALTER TABLE orders DROP COLUMN note")
