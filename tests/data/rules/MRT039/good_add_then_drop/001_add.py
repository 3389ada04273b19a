"""revision k1

Revision ID: k1
"""
from alembic import op
import sqlalchemy as sa

revision = "k1"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(32)))


def downgrade():
    op.drop_column("users", "phone")
