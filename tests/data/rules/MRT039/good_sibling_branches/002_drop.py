"""revision g2

Revision ID: g2
"""
from alembic import op
import sqlalchemy as sa

revision = "g2"
down_revision = 'g1'


def upgrade():
    op.drop_column("users", "phone")


def downgrade():
    pass
