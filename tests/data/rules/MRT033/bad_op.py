"""relax users

Revision ID: a033op
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a033op"
down_revision = None


def upgrade():
    op.drop_constraint("uq_users_email", "users", type_="unique")  # HIT
    op.alter_column("users", "phone", existing_type=sa.String(32), nullable=True)  # HIT
    op.alter_column("users", "plan", existing_type=sa.String(10), server_default=None)  # HIT
    op.alter_column("users", "age", existing_type=sa.Integer(), nullable=True, server_default=None)  # HIT


def downgrade():
    op.alter_column("users", "age", existing_type=sa.Integer(), nullable=False, server_default="0")
    op.alter_column("users", "plan", existing_type=sa.String(10), server_default="free")
    op.alter_column("users", "phone", existing_type=sa.String(32), nullable=False)
    op.create_unique_constraint("uq_users_email", "users", ["email"])
