"""fill users.status in one statement

Revision ID: a032u
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a032u"
down_revision = None


def upgrade():
    op.execute("UPDATE users SET status = 'active' WHERE status IS NULL")  # HIT
    op.execute("UPDATE users SET flag = true WHERE NOT flag")  # HIT
    op.execute(
        sa.text("UPDATE orders SET kind = 'web' WHERE kind IS NULL AND (archived IS NOT TRUE OR deleted = false)")  # HIT
    )
    op.get_bind().execute(sa.text("UPDATE users SET plan = :p WHERE plan IS NULL"), {"p": "free"})  # HIT


def downgrade():
    pass
