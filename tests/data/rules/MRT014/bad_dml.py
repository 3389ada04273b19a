"""unbounded DML in upgrade and downgrade

Revision ID: d1401
Revises: d1400
"""
from alembic import op
import sqlalchemy as sa

revision = "d1401"
down_revision = "d1400"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM sessions")  # HIT
    op.execute(sa.text("UPDATE users SET email_verified = false"))  # HIT
    conn = op.get_bind()
    conn.execute(sa.text("delete from audit_log"))  # HIT
    conn.exec_driver_sql("UPDATE orders SET total = 0 WHERE id = 7")
    op.execute("""
        UPDATE accounts SET plan = 'free' WHERE plan IS NULL;
        DELETE FROM tokens;  -- # HIT
        """)


def downgrade():
    op.execute("UPDATE users SET email_verified = NULL")  # HIT
