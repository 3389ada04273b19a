"""add users.phone

Revision ID: 0002_add_phone
Revises: 0001_initial
Create Date: 2024-01-15 10:12:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002_add_phone"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(30), nullable=True))


def downgrade():
    op.drop_column("users", "phone")
