"""helper and conditional

Revision ID: s2805
Revises: s2804
"""
from alembic import op
import sqlalchemy as sa

revision = "s2805"
down_revision = "s2804"
branch_labels = None
depends_on = None


def _add_identity(table):
    op.add_column(table, sa.Column("row_no", sa.BigInteger(), sa.Identity(always=False)))  # HIT adds an identity column 'ledger.row_no' to an existing table (in helper _add_identity()


def upgrade():
    _add_identity("ledger")
    if op.get_context().dialect.name == "postgresql":
        op.add_column("ledger", sa.Column("abs_amount", sa.Numeric(), sa.Computed("abs(amount)", persisted=True)))  # HIT adds a stored generated column 'ledger.abs_amount' to an existing table (conditional)


def downgrade():
    op.drop_column("ledger", "abs_amount")
    op.drop_column("ledger", "row_no")
