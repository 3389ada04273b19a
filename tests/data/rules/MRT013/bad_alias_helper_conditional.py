"""alias, helper and condition

Revision ID: e1303
Revises: e1302
"""
from alembic import op as o
import sqlalchemy as sa

revision = "e1303"
down_revision = "e1302"
branch_labels = None
depends_on = None


def _add_value(value):
    o.execute(f"ALTER TYPE order_status ADD VALUE '{value}'")
    o.execute("ALTER TYPE order_status ADD VALUE 'held'")  # HIT


def upgrade():
    _add_value("on_hold")
    if o.get_context().dialect.name == "postgresql":
        o.execute("ALTER TYPE shipping ADD VALUE 'drone'")  # HIT


def downgrade():
    o.execute("UPDATE orders SET status = 'new' WHERE status = 'held'")
