"""truncate, cascade, schema

Revision ID: d1402
Revises: d1401
"""
from alembic import op
import sqlalchemy as sa

revision = "d1402"
down_revision = "d1401"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("TRUNCATE TABLE events")  # HIT
    op.execute("TRUNCATE a, b RESTART IDENTITY CASCADE")  # HIT
    op.execute("DROP TABLE legacy_customers CASCADE")  # HIT
    op.execute("DROP TYPE order_status CASCADE")  # HIT
    op.execute("DROP SCHEMA reporting")  # HIT
    op.get_bind().execute(sa.text("DROP SCHEMA IF EXISTS archive CASCADE"))  # HIT


def downgrade():
    op.execute("DROP DATABASE analytics")  # HIT
    op.execute("TRUNCATE events")  # HIT
