"""revision h1

Revision ID: h1
"""
from alembic import op
import sqlalchemy as sa

revision = "h1"
down_revision = None


def upgrade():
    pass


def downgrade():
    pass
