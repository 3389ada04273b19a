"""explicit lock, then work

Revision ID: a030l
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a030l"
down_revision = None


def upgrade():
    op.execute("LOCK TABLE users")
    op.execute("SET LOCAL statement_timeout = '10s'")  # bookkeeping, not work
    op.execute("INSERT INTO audit_log (msg) VALUES ('locked')")  # HIT
    op.execute("UPDATE users SET flag = true WHERE id = 7")


def downgrade():
    op.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
    op.execute("UPDATE users SET flag = false WHERE id = 7")  # HIT
