"""sequence changes through a bind, a helper, an aliased op

Revision ID: a038b
Revises:
"""
from alembic import op as o
import sqlalchemy as sa

revision = "a038b"
down_revision = None


def _bump(conn):
    conn.execute(sa.text("SELECT setval('invoice_no_seq', 5000, false)"))  # HIT


def upgrade():
    if o.get_context().dialect.name == "postgresql":
        _bump(o.get_bind())


def downgrade():
    with o.batch_alter_table("invoices") as b:
        b.execute("ALTER SEQUENCE invoice_no_seq RESTART")  # HIT
