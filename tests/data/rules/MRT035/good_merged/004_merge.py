"""migration

Revision ID: 004
Revises: ('002', '003')
"""
from alembic import op
import sqlalchemy as sa

revision = "004"
down_revision = ("002", "003")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
