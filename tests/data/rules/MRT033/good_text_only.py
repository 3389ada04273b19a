"""op.drop_constraint("uq", "users") and DROP NOT NULL only in text

Revision ID: a033t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a033t"
down_revision = None


def upgrade():
    # op.alter_column("users", "phone", nullable=True)
    op.execute("COMMENT ON TABLE users IS 'ALTER TABLE users DROP CONSTRAINT x'")


def downgrade():
    """op.alter_column("users", "phone", server_default=None)"""
