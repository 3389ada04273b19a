"""SQL that cannot be split

Revision ID: a034u
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a034u"
down_revision = None


def upgrade():
    op.execute("UPDATE users SET name = 'O''Brien WHERE id = 1")  # HIT


def downgrade():
    pass
