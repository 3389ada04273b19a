"""add reports.archived

Revision ID: 0003_report_archived
Revises: 0002_require_region
Create Date: 2024-02-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003_report_archived"
down_revision = "0002_require_region"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("reports", sa.Column("archived", sa.Boolean(), nullable=True))


def downgrade():
    op.drop_column("reports", "archived")
