"""fixture da03

Revision ID: da03
Revises: da02
"""
from alembic import op
import sqlalchemy as sa

revision = "da03"
down_revision = "da02"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_events_at", "audit_events", ["at"])


def downgrade():
    op.drop_index("ix_events_at", table_name="audit_events")
    op.execute("TRUNCATE audit_events")  # MRT014's (destructive-sql): not reported twice
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM users WHERE created_at > now() - interval '1 day'"))  # HIT
    op.execute("DELETE FROM settings")  # MRT014's as well
