"""the safe recipe: bounded batches

Revision ID: a032g
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a032g"
down_revision = None

BATCH = "UPDATE users SET status = 'active' WHERE id >= :lo AND id < :hi AND status IS NULL"


def upgrade():
    conn = op.get_bind()
    with op.get_context().autocommit_block():
        for lo in range(0, 1_000_000, 10_000):
            conn.execute(sa.text(BATCH), {"lo": lo, "hi": lo + 10_000})
    op.execute("UPDATE users SET status = 'x' WHERE id BETWEEN 1 AND 1000")
    op.execute("UPDATE users SET status = 'x' WHERE id IN (SELECT id FROM users WHERE status IS NULL LIMIT 1000)")
    op.execute("UPDATE users SET status = 'x' WHERE status IS NULL LIMIT 1000")
    op.execute("UPDATE users SET phone = c.phone FROM contacts c WHERE c.user_id = users.id")
    op.execute("UPDATE users SET total = o.total WHERE users.order_id = o.id")
    op.execute("UPDATE users SET status = 'x' WHERE id = 42")
    op.execute("UPDATE users SET status = 'x' WHERE kind = 'online' AND status IS NULL")
    op.get_bind().execute(sa.text("UPDATE users SET plan = :p WHERE plan <> :old"), {"p": "a", "old": "b"})


def downgrade():
    op.execute("UPDATE users SET status = NULL WHERE id < 1000")
