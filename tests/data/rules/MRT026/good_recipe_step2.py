"""safe recipe, step 2: VALIDATE

Revision ID: s2608
Revises: s2607
"""
from alembic import op
import sqlalchemy as sa

revision = "s2608"
down_revision = "s2607"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_total")


# mrt: ignore[MRT002] VALIDATE CONSTRAINT has nothing to undo
def downgrade():
    pass
