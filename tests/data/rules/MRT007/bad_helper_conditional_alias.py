"""fixture d704

Revision ID: d704
Revises: d703
"""
from alembic import op as o
import sqlalchemy as sa

revision = "d704"
down_revision = "d703"
branch_labels = None
depends_on = None


def _shrink(table):
    o.alter_column(table, "ref", existing_type=sa.String(40), type_=sa.String(20))  # HIT


def upgrade():
    _shrink("shipments")
    if o.get_context().dialect.name == "postgresql":
        o.alter_column("shipments", "weight", existing_type=sa.Numeric(10, 3), type_=sa.Numeric(10))  # HIT


def downgrade():
    o.alter_column("shipments", "weight", existing_type=sa.Numeric(10), type_=sa.Numeric(10, 3))
    o.alter_column("shipments", "ref", existing_type=sa.String(20), type_=sa.String(40))
