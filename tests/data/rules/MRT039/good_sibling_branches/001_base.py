"""revision g1

Revision ID: g1
"""
from alembic import op
import sqlalchemy as sa

revision = "g1"
down_revision = None


def upgrade():
    pass


def downgrade():
    pass
