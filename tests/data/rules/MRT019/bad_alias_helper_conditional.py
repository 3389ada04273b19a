"""alias, helper and condition

Revision ID: c1902
Revises: c1901
"""
from alembic import op as o
import sqlalchemy as sa

revision = "c1902"
down_revision = "c1901"
branch_labels = None
depends_on = None


def _concurrent_index(name, table, cols):
    o.create_index(name, table, cols, postgresql_concurrently=True)  # HIT


def upgrade():
    _concurrent_index("ix_a_b", "a", ["b"])
    if o.get_context().dialect.name == "postgresql":
        o.execute("CREATE UNIQUE INDEX CONCURRENTLY ux_a_c ON a (c)")  # HIT
    with o.get_context().autocommit_block():
        _concurrent_index("ix_a_d", "a", ["d"])


def downgrade():
    pass
