"""rename invoices to bills

Revision ID: 0008_rename_invoices
Revises: 0007_widen_memo
Create Date: 2024-04-05 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0008_rename_invoices"
down_revision = "0007_widen_memo"
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table("invoices", "bills")


def downgrade():
    op.rename_table("bills", "invoices")
