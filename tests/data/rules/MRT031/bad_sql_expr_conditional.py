"""activate users through a SQLAlchemy construct, under a condition

Revision ID: a031x
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a031x"
down_revision = None

users = sa.table("users", sa.column("active", sa.Boolean))


def upgrade():
    op.alter_column("users", "active", existing_type=sa.Boolean(), server_default=sa.true())
    if op.get_context().dialect.name != "sqlite":
        op.execute(users.update().values(active=True))  # HIT


def downgrade():
    op.alter_column("users", "active", existing_type=sa.Boolean(), server_default=None)
