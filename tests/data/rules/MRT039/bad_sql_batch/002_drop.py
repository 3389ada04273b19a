"""revision s2

Revision ID: s2
"""
from alembic import op
import sqlalchemy as sa

revision = "s2"
down_revision = 's1'


def upgrade():
    op.execute("ALTER TABLE orders DROP COLUMN note")


def downgrade():
    op.execute("ALTER TABLE orders ADD COLUMN note text")
