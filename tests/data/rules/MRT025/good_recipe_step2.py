"""safe recipe, step 2: VALIDATE

Revision ID: s2508
Revises: s2507
"""
from alembic import op
import sqlalchemy as sa

revision = "s2508"
down_revision = "s2507"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_shop")


# mrt: ignore[MRT002] VALIDATE CONSTRAINT has nothing to undo
def downgrade():
    pass
