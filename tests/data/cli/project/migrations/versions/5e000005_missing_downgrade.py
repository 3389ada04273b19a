"""create orders, no downgrade at all

Revision ID: 5e000005
Revises: 4d000004
"""
from alembic import op
import sqlalchemy as sa

revision = "5e000005"
down_revision = "4d000004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True))
