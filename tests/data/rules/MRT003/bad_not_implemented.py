"""fixture d301

Revision ID: d301
Revises: d300
"""
from alembic import op
import sqlalchemy as sa

revision = "d301"
down_revision = "d300"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "legacy_flags")


def downgrade():
    raise NotImplementedError("legacy_flags cannot be restored")  # HIT
