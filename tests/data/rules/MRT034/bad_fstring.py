"""SQL built at run time

Revision ID: a034f
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a034f"
down_revision = None

TABLES = ["users", "orders"]


def upgrade():
    for t in TABLES:
        op.execute(f"UPDATE {t} SET updated_at = now()")  # HIT
    op.execute(sa.text("DELETE FROM %s WHERE id < 10" % TABLES[0]))  # HIT


def downgrade():
    for name in TABLES:
        op.execute("TRUNCATE " + name)  # HIT
