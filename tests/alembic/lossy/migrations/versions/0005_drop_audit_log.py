"""drop audit_log: moved to the logging service

Revision ID: 0005_drop_audit_log
Revises: 0004_audit_log
Create Date: 2024-02-20 16:45:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0005_drop_audit_log"
down_revision = "0004_audit_log"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("audit_log")


def downgrade():
    # the table comes back empty
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
