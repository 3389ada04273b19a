"""branch A: drop users.legacy

Revision ID: 0003_a_drop_legacy
Revises: 0002_a_add_email
Create Date: 2024-01-22 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003_a_drop_legacy"
down_revision = "0002_a_add_email"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "legacy")


def downgrade():
    op.add_column("users", sa.Column("legacy", sa.String(20), nullable=True))
