"""index invoices.amount

Revision ID: 0005_index_amount
Revises: 0004_invoice_status
Create Date: 2024-03-01 08:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0005_index_amount"
down_revision = "0004_invoice_status"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_invoices_amount", "invoices", ["amount"])


def downgrade():
    op.drop_index("ix_invoices_amount", table_name="invoices")
