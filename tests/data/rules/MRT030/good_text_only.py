"""op.alter_column("users", "x") then op.execute("UPDATE ...") -- only text

Revision ID: a030t
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a030t"
down_revision = None


def upgrade():
    # op.drop_column("users", "legacy"); op.execute("UPDATE users SET a = 1")
    op.execute("SELECT 'ALTER TABLE users DROP COLUMN x'")
    op.add_column("users", sa.Column("nickname", sa.String(50)))


def downgrade():
    """ALTER TABLE users DROP COLUMN nickname; then UPDATE."""
    op.drop_column("users", "nickname")
