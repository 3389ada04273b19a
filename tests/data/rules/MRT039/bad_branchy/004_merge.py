"""revision r4

Revision ID: r4
"""
from alembic import op
import sqlalchemy as sa

revision = "r4"
down_revision = ('r2', 'r3')


def upgrade():
    pass


def downgrade():
    pass
