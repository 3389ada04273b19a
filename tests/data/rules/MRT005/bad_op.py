"""migration

Revision ID: d001
Revises: d000
"""
from alembic import op
import sqlalchemy as sa

revision = "d001"
down_revision = "d000"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("audit_log")  # HIT


def downgrade():
    op.create_table("audit_log", sa.Column("id", sa.Integer, primary_key=True))
