"""revision s1

Revision ID: s1
"""
from alembic import op
import sqlalchemy as sa

revision = "s1"
down_revision = None


def upgrade():
    op.execute("ALTER TABLE orders ADD COLUMN note text")


def downgrade():
    op.execute("ALTER TABLE orders DROP COLUMN note")
