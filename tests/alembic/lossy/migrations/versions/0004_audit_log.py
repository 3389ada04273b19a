"""create audit_log

Revision ID: 0004_audit_log
Revises: 0003_drop_phone
Create Date: 2024-02-03 08:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004_audit_log"
down_revision = "0003_drop_phone"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade():
    op.drop_table("audit_log")
