"""migration

Revision ID: d002
Revises: d001
"""
from alembic import op
import sqlalchemy as sa

revision = "d002"
down_revision = "d001"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DROP TABLE IF EXISTS legacy_orders")  # HIT
    op.get_bind().execute(sa.text("DROP TABLE a, b CASCADE"))  # HIT


def downgrade():
    raise NotImplementedError("cannot restore")
