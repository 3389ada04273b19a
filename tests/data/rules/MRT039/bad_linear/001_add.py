"""revision a1

Revision ID: a1
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(32)))


def downgrade():
    op.drop_column("users", "phone")
