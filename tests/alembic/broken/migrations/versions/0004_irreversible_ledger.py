"""merge ledger entries per account

Revision ID: 0004_irreversible_ledger
Revises: 0003_report_archived
Create Date: 2024-02-14 16:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004_irreversible_ledger"
down_revision = "0003_report_archived"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("ledger", sa.Column("memo", sa.String(100), nullable=True))


def downgrade():
    raise NotImplementedError("ledger entries cannot be split again")
