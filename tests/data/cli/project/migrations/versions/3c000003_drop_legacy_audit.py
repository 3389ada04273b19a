"""drop legacy_audit

Revision ID: 3c000003
Revises: 2b000002
"""
from alembic import op
import sqlalchemy as sa

revision = "3c000003"
down_revision = "2b000002"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("legacy_audit")


def downgrade():
    op.create_table("legacy_audit", sa.Column("id", sa.Integer(), primary_key=True))
