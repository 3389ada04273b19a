"""fixture d304

Revision ID: d304
Revises: d303
"""
from alembic import op
import sqlalchemy as sa

revision = "d304"
down_revision = "d303"
branch_labels = None
depends_on = None
from alembic import context


def upgrade():
    op.add_column("users", sa.Column("tz", sa.String(64)))


def downgrade():
    if context.is_offline_mode():
        raise NotImplementedError("offline downgrade is not supported")
    op.drop_column("users", "tz")  # mrt: ignore[MRT010] time zones are re-derived from the address
