"""fixture d902

Revision ID: d902
Revises: d901
"""
from alembic import op
import sqlalchemy as sa

revision = "d902"
down_revision = "d901"
branch_labels = None
depends_on = None


def upgrade():
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.String))
    op.bulk_insert(settings, [{"key": "theme", "value": "dark"}])  # HIT
    op.create_index("ix_settings_key", "settings", ["key"])


def downgrade():
    op.drop_index("ix_settings_key", table_name="settings")
    op.execute("DELETE FROM preferences WHERE key = 'theme'")
