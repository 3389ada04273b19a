"""add reports.owner

Revision ID: 0007_report_owner
Revises: 0006_ledger_account_index
Create Date: 2024-04-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0007_report_owner"
down_revision = "0006_ledger_account_index"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("reports", sa.Column("owner", sa.String(50), nullable=True))


def downgrade():
    op.drop_column("reports", "owner")
