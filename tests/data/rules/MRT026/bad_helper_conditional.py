"""helper and conditional

Revision ID: s2605
Revises: s2604
"""
from alembic import op
import sqlalchemy as sa

revision = "s2605"
down_revision = "s2604"
branch_labels = None
depends_on = None


def _positive(table, column):
    op.create_check_constraint("ck_%s_%s" % (table, column), table, column + " >= 0")  # HIT '<dynamic>' to existing table 'wallets' without NOT VALID (in helper _positive()


def upgrade():
    _positive("wallets", "balance")
    if op.get_context().dialect.name == "postgresql":
        op.create_check_constraint("ck_wallets_currency", "wallets", "length(currency) = 3")  # HIT 'ck_wallets_currency' to existing table 'wallets' without NOT VALID (conditional)


def downgrade():
    op.drop_constraint("ck_wallets_currency", "wallets", type_="check")
