"""widen users.name

Revision ID: a029op
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a029op"
down_revision = None


def upgrade():
    op.alter_column("users", "name", type_=sa.String(200), existing_type=sa.String(100))  # HIT
    op.drop_column("users", "legacy")  # same revision: one finding only


def downgrade():
    op.execute("SET lock_timeout = '5s'")
    op.add_column("users", sa.Column("legacy", sa.Text()))
    op.alter_column("users", "name", type_=sa.String(100), existing_type=sa.String(200))
