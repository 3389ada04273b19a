"""relax users.name, then more work

Revision ID: a030b
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a030b"
down_revision = None


def upgrade():
    with o.batch_alter_table("users") as b:
        b.alter_column("name", existing_type=sa.String(100), nullable=True)
        b.create_index("ix_users_name", ["name"])  # HIT
    o.execute("UPDATE users SET name = 'x' WHERE id = 1")


def downgrade():
    with o.batch_alter_table("users") as b:
        b.drop_index("ix_users_name")
