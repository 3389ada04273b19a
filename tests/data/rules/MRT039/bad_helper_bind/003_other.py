"""revision h3

Revision ID: h3
"""
from alembic import op
import sqlalchemy as sa

revision = "h3"
down_revision = 'h2'


def upgrade():
    op.add_column("accounts", sa.Column("legacy_code", sa.String(10)))


def downgrade():
    pass
