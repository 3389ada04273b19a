"""migration

Revision ID: b004
Revises: b003
"""
from alembic import op
import sqlalchemy as sa

revision = "b004"
down_revision = "b003"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "legacy")


def downgrade():
    raise NotImplementedError("legacy values cannot be restored")
