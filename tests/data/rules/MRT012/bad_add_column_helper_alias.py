"""fixture dc03

Revision ID: dc03
Revises: dc02
"""
from alembic import op as o
import enum


class Role(enum.Enum):
    admin = 'admin'
    viewer = 'viewer'

import sqlalchemy as sa

revision = "dc03"
down_revision = "dc02"
branch_labels = None
depends_on = None


def _add_tier():
    with o.batch_alter_table("accounts") as batch_op:
        batch_op.add_column(sa.Column("tier", sa.Enum("free", "pro", name="account_tier")))  # HIT


def upgrade():
    o.add_column("users", sa.Column("role", sa.Enum(Role), nullable=True))  # HIT
    if o.get_context().dialect.name == "postgresql":
        _add_tier()


def downgrade():
    with o.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("tier")  # mrt: ignore[MRT010] tiers are new
    o.drop_column("users", "role")  # mrt: ignore[MRT010] roles are new
