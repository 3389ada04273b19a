"""alias, helper and condition

Revision ID: m1602
Revises: m1601
"""
from alembic import op as o
import sqlalchemy as sa

revision = "m1602"
down_revision = "m1601"
branch_labels = None
depends_on = None


def _widen(table):
    o.alter_column(table, "code", type_=sa.String(64), existing_nullable=True)  # HIT


def upgrade():
    _widen("coupons")
    if o.get_context().dialect.name == "mysql":
        o.alter_column("coupons", "note", existing_type=sa.Text(), server_default="")  # HIT


def downgrade():
    pass
