"""branch A: add users.email

Revision ID: 0002_a_add_email
Revises: 0001_base
Create Date: 2024-01-15 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002_a_add_email"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(120), nullable=True))


def downgrade():
    op.drop_column("users", "email")
