"""fixture d903

Revision ID: d903
Revises: d902
"""
from alembic import op
import sqlalchemy as sa

revision = "d903"
down_revision = "d902"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM sessions WHERE expires_at < now()"))  # HIT
    conn.execute(sa.text("DELETE FROM sessions WHERE user_id IS NULL"))
    users = sa.table("users", sa.column("active", sa.Boolean))
    op.execute(users.update().values(active=True))  # HIT
    op.create_index("ix_sessions_user", "sessions", ["user_id"])


def downgrade():
    op.drop_index("ix_sessions_user", table_name="sessions")
