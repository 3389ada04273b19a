"""alias, helper and condition

Revision ID: d1403
Revises: d1402
"""
from alembic import op as o
import sqlalchemy as sa

revision = "d1403"
down_revision = "d1402"
branch_labels = None
depends_on = None


def _purge(conn):
    conn.execute(sa.text("DELETE FROM carts"))  # HIT


def upgrade():
    conn = o.get_bind()
    _purge(conn)
    if conn.dialect.name == "postgresql":
        o.execute("TRUNCATE page_views")  # HIT
    for table in ("a", "b"):
        o.execute(f"DELETE FROM {table}")


def downgrade():
    pass
