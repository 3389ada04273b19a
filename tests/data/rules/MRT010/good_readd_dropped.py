"""fixture da06

Revision ID: da06
Revises: da05
"""
from alembic import op
import sqlalchemy as sa

revision = "da06"
down_revision = "da05"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "fax")  # mrt: ignore[MRT004] nobody has a fax


def downgrade():
    op.add_column("users", sa.Column("fax", sa.String(32)))
