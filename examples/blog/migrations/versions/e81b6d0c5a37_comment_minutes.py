"""comments: keep created_at to the minute

Revision ID: e81b6d0c5a37
Revises: a5f3c8e2d914
Create Date: 2024-03-18 15:47:02.118094

"""
from alembic import op
import sqlalchemy as sa

revision = "e81b6d0c5a37"
down_revision = "a5f3c8e2d914"
branch_labels = None
depends_on = None


def upgrade():
    # 'YYYY-MM-DD HH:MM': seconds and fractions are dropped for good
    op.execute("UPDATE comments SET created_at = substr(created_at, 1, 16)")


def downgrade():
    pass
