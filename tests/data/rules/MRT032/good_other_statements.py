"""look-alikes that belong to other rules or are bounded

Revision ID: a032o
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a032o"
down_revision = None


def upgrade():
    op.execute("UPDATE settings SET value = '1'")  # no WHERE at all: MRT014's (destructive-sql)
    op.execute("INSERT INTO archive SELECT * FROM messages WHERE created_at < '2020-01-01'")
    op.execute("INSERT INTO archive (id) VALUES (1)")
    op.execute("INSERT INTO archive (id) SELECT 1")
    op.execute("INSERT INTO archive SELECT * FROM messages LIMIT 100")


def downgrade():
    op.execute("DELETE FROM archive WHERE id = 1")
