"""copy every message into the archive

Revision ID: a032i
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a032i"
down_revision = None


def upgrade():
    o.execute("INSERT INTO archive (id, body) SELECT id, body FROM messages")  # HIT
    with o.batch_alter_table("archive") as b:
        b.execute("INSERT INTO archive SELECT m.* FROM messages m JOIN users u ON u.id = m.user_id")  # HIT


def downgrade():
    o.execute("DELETE FROM archive WHERE id IN (SELECT id FROM messages)")
    o.execute("INSERT INTO messages SELECT * FROM messages_old")  # HIT: messages_old is not this revision's
