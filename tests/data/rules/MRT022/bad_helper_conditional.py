"""helper and conditional

Revision ID: s2205
Revises: s2204
"""
from alembic import op
import sqlalchemy as sa

revision = "s2205"
down_revision = "s2204"
branch_labels = None
depends_on = None


def _rename(table, old, new):
    op.alter_column(table, old, new_column_name=new)  # HIT renames column 'accounts.<dynamic>' to '<dynamic>' (in helper _rename()


def upgrade():
    _rename("accounts", "nm", "name")
    for table in ("a", "b"):
        op.rename_table("legacy_" + table, table)  # HIT renames table '<dynamic>' to '<dynamic>' (conditional)
    if op.get_context().dialect.name == "postgresql":
        op.rename_table("acct_log", "account_log")  # HIT renames table 'acct_log' to 'account_log' (conditional)


def downgrade():
    op.rename_table("account_log", "acct_log")  # HIT in downgrade() renames table 'account_log' to 'acct_log'
