"""opaque SQL through a bind, in a helper, with an aliased op

Revision ID: a034b
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a034b"
down_revision = None


def _sql():
    return "DELETE FROM sessions"


def _run(conn, table):
    conn.execute(sa.text("ALTER TABLE {} DROP COLUMN legacy".format(table)))  # HIT


def upgrade():
    conn = o.get_bind()
    _run(conn, "users")
    o.execute(_sql())  # HIT


def downgrade():
    with o.batch_alter_table("users") as b:
        b.execute(build_statement())  # HIT
