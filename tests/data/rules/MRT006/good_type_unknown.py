"""fixture d610

Revision ID: d610
Revises: d609
"""
from alembic import op
import sqlalchemy as sa

revision = "d610"
down_revision = "d609"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "legacy")  # mrt: ignore[MRT004] unused since 2021
    op.add_column("users", sa.Column("flags", sa.Integer()))


def downgrade():
    raise NotImplementedError("legacy cannot come back")  # mrt: ignore[MRT003] decided in ADR-12
