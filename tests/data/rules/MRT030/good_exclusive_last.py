"""the safe recipe: exclusive operation last, the rest before it or outside the transaction

Revision ID: a030g
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a030g"
down_revision = None


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.create_index("ix_orders_note", "orders", ["note"])  # SHARE lock: not exclusive
    op.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID")
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user")
    op.add_column("users", sa.Column("nickname", sa.String(50)))
    with op.get_context().autocommit_block():
        op.create_index("ix_users_nickname", "users", ["nickname"], postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_nickname", table_name="users", postgresql_concurrently=True)
    op.drop_column("users", "nickname")
    op.execute("COMMIT")
    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")
