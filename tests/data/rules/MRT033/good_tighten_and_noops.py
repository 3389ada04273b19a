"""tightening, no-op relaxations and the downgrade side

Revision ID: a033g
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a033g"
down_revision = None


def upgrade():
    op.alter_column("users", "phone", existing_type=sa.String(32), existing_nullable=True, nullable=True)
    op.alter_column("users", "plan", existing_type=sa.String(10), existing_server_default=None, server_default=None)
    op.alter_column("users", "bio", existing_type=sa.Text(), server_default="")
    op.execute("ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free'")


def downgrade():
    op.drop_constraint("uq_users_email", "users", type_="unique")
    op.alter_column("users", "bio", existing_type=sa.Text(), server_default=None)
