"""index reports.title

Revision ID: 0005_reports_title_index
Revises: 0004_irreversible_ledger
Create Date: 2024-03-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0005_reports_title_index"
down_revision = "0004_irreversible_ledger"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_reports_title", "reports", ["title"])


def downgrade():
    op.drop_index("ix_reports_title", table_name="reports")
