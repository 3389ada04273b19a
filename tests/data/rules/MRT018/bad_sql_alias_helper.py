"""SQL, alias, helper and condition

Revision ID: i1802
Revises: i1801
"""
from alembic import op as o
import sqlalchemy as sa

revision = "i1802"
down_revision = "i1801"
branch_labels = None
depends_on = None


def _index(table, column):
    o.create_index(f"ix_{table}_{column}", table, [column])  # HIT


def upgrade():
    o.execute("CREATE INDEX ix_orders_status ON orders (status)")  # HIT
    o.get_bind().execute(sa.text("CREATE UNIQUE INDEX IF NOT EXISTS ux_orders_ref ON public.orders (ref)"))  # HIT
    _index("payments", "order_id")
    if o.get_context().dialect.name == "postgresql":
        o.execute("DROP INDEX IF EXISTS ix_orders_legacy")  # HIT


def downgrade():
    o.execute("DROP INDEX ux_orders_ref")  # HIT
