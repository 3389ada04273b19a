"""migration

Revision ID: b007
Revises: b006
"""
from alembic import op
import sqlalchemy as sa

revision = "b007"
down_revision = "b006"
branch_labels = None
depends_on = None


def upgrade():
    """Placeholder revision: nothing to do."""
    pass


def downgrade():
    pass
