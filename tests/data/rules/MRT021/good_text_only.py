"""text only

Revision ID: s2107
Revises: s2106
"""
from alembic import op
import sqlalchemy as sa

revision = "s2107"
down_revision = "s2106"
branch_labels = None
depends_on = None


# op.alter_column("users", "email", nullable=False) comes later.
# ALTER TABLE users ALTER COLUMN email SET NOT NULL


def upgrade():
    """Not yet: ALTER TABLE users ALTER COLUMN email SET NOT NULL."""
    op.alter_column("users", "email", nullable=True)
    op.alter_column("users", "name", existing_nullable=False, nullable=False, comment="already required")
    op.execute("UPDATE users SET note = 'SET NOT NULL later' WHERE id = 1")


def downgrade():
    # downgrade re-tightening is MRT008's business, not this rule's
    op.alter_column("users", "email", nullable=False)
