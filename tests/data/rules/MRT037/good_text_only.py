"""ondelete="CASCADE" and ON DELETE CASCADE only in text

Revision ID: a037t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a037t"
down_revision = None


def upgrade():
    # op.create_foreign_key("fk", "orders", "users", ["user_id"], ["id"], ondelete="CASCADE")
    op.execute("COMMENT ON TABLE orders IS 'REFERENCES users ON DELETE CASCADE later'")


def downgrade():
    """op.create_foreign_key(..., ondelete="CASCADE")"""
