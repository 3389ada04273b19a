"""two statements in one execute, and a bind

Revision ID: a030e
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a030e"
down_revision = None


def upgrade():
    op.execute("""
        ALTER TABLE users ADD COLUMN x integer;
        UPDATE users SET x = 0 WHERE id < 10; -- # HIT (the second statement of the same execute)
    """)


def downgrade():
    conn = op.get_bind()
    conn.execute(sa.text("TRUNCATE audit_log"))
    conn.execute(sa.text("DELETE FROM sessions WHERE expired"))  # HIT
