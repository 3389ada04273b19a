"""revision g3

Revision ID: g3
"""
from alembic import op
import sqlalchemy as sa

revision = "g3"
down_revision = 'g1'


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(32)))


def downgrade():
    pass
