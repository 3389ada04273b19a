"""fixture d1407: an UPDATE without WHERE that fills a new column but also overwrites an old one is not a backfill.

Revision ID: d1407
Revises: d1406
"""
from alembic import op
import sqlalchemy as sa

revision = "d1407"
down_revision = "d1406"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("display_name", sa.String(100)))
    op.execute("UPDATE users SET display_name = name, name = lower(name)")  # HIT
    op.execute("UPDATE profiles SET display_name = 'x'")  # HIT


def downgrade():
    op.execute("UPDATE users SET display_name = NULL")  # HIT
    op.drop_column("users", "display_name")
