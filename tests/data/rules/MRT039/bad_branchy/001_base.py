"""revision r1

Revision ID: r1
"""
from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("fax", sa.String(32)))


def downgrade():
    pass
