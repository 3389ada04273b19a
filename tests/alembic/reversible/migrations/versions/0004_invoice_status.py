"""add invoices.status, backfilled

Revision ID: 0004_invoice_status
Revises: 0003_rename_email
Create Date: 2024-02-15 09:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004_invoice_status"
down_revision = "0003_rename_email"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("invoices", sa.Column("status", sa.String(20), nullable=True))
    op.execute("UPDATE invoices SET status = 'open'")


def downgrade():
    op.drop_column("invoices", "status")
