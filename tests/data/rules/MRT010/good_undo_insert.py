"""fixture da05

Revision ID: da05
Revises: da04
"""
from alembic import op
import sqlalchemy as sa

revision = "da05"
down_revision = "da04"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("INSERT INTO settings (key, value) VALUES ('theme', 'dark')")
    settings = sa.table("flags", sa.column("name", sa.String))
    op.bulk_insert(settings, [{"name": "beta"}])


def downgrade():
    op.execute("DELETE FROM flags WHERE name = 'beta'")
    op.execute("DELETE FROM settings WHERE key = 'theme'")
