"""revision k2

Revision ID: k2
"""
from alembic import op
import sqlalchemy as sa

revision = "k2"
down_revision = 'k1'


def upgrade():
    op.drop_column("users", "phone")
    op.add_column("users", sa.Column("phone", sa.String(32)))


def downgrade():
    op.drop_column("users", "phone")
