"""fixture d905

Revision ID: d905
Revises: d904
"""
from alembic import op
import sqlalchemy as sa

revision = "d905"
down_revision = "d904"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("INSERT INTO settings (key, value) VALUES ('theme', 'dark')")
    op.execute("UPDATE users SET status = 'active' WHERE status IS NULL")


def downgrade():
    op.execute("UPDATE users SET status = NULL WHERE status = 'active'")
    op.execute("DELETE FROM settings WHERE key = 'theme'")
