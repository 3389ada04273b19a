"""VACUUM FULL users and LOCK TABLE orders only in text

Revision ID: a036t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a036t"
down_revision = None


def upgrade():
    # op.execute("VACUUM FULL users")
    op.execute("COMMENT ON TABLE users IS 'run VACUUM FULL and REINDEX by hand'")


def downgrade():
    """op.execute("LOCK TABLE users")"""
