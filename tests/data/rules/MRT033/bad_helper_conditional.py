"""relax in a helper, under a condition

Revision ID: a033h
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a033h"
down_revision = None


def _relax(table):
    op.drop_constraint("ck_%s_total" % table, "invoices", type_="check")  # HIT


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        _relax("invoices")


def downgrade():
    op.create_check_constraint("ck_invoices_total", "invoices", "total >= 0")
