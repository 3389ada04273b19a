"""helper and conditional

Revision ID: s2305
Revises: s2304
"""
from alembic import op
import sqlalchemy as sa

revision = "s2305"
down_revision = "s2304"
branch_labels = None
depends_on = None


def _widen(table, column):
    op.alter_column(table, column, existing_type=sa.Integer(), type_=sa.BigInteger())  # HIT from INTEGER to BIGINT (in helper _widen()


def upgrade():
    _widen("payments", "order_id")
    if op.get_context().dialect.name == "postgresql":
        op.alter_column("payments", "id", existing_type=sa.Integer(), type_=sa.BigInteger())  # HIT 'payments.id' from INTEGER to BIGINT (conditional)


def downgrade():
    op.alter_column("payments", "id", existing_type=sa.BigInteger(), type_=sa.Integer())
    op.alter_column("payments", "order_id", existing_type=sa.BigInteger(), type_=sa.Integer())
