"""revision d1

Revision ID: d1
"""
from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None


def upgrade():
    op.drop_column("users", "phone")


def downgrade():
    pass
