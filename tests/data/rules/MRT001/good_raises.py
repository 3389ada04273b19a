"""migration

Revision ID: a005
Revises: a004
"""
from alembic import op
import sqlalchemy as sa

revision = "a005"
down_revision = "a004"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("fax", sa.String(32), nullable=True))


def downgrade():
    raise NotImplementedError("fax numbers cannot be restored")
