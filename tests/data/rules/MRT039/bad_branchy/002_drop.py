"""revision r2

Revision ID: r2
"""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = 'r1'


def upgrade():
    op.drop_column("users", "fax")


def downgrade():
    pass
