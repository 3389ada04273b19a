"""maintenance through a bind, a helper, an aliased op

Revision ID: a036b
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a036b"
down_revision = None


def _compact(conn):
    conn.execute(sa.text("VACUUM (FULL, ANALYZE) audit_log"))  # HIT


def upgrade():
    with o.get_context().autocommit_block():
        _compact(o.get_bind())


def downgrade():
    if o.get_context().dialect.name == "postgresql":
        o.get_bind().execute(sa.text("LOCK TABLE audit_log"))  # HIT
