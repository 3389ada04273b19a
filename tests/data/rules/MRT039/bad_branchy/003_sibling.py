"""revision r3

Revision ID: r3
"""
from alembic import op
import sqlalchemy as sa

revision = "r3"
down_revision = 'r1'


def upgrade():
    op.add_column("Users", sa.Column("FAX", sa.String(32)))


def downgrade():
    pass
