"""make email required

Revision ID: s2101
Revises: s2100
"""
from alembic import op
import sqlalchemy as sa

revision = "s2101"
down_revision = "s2100"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)  # HIT 'users.email'


def downgrade():
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=True)
