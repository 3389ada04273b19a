"""fixture d606

Revision ID: d606
Revises: d605
"""
from alembic import op
import sqlalchemy as sa

revision = "d606"
down_revision = "d605"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "fullname", new_column_name="full_name", existing_type=sa.String(100))


def downgrade():
    op.alter_column("users", "full_name", new_column_name="fullname", existing_type=sa.String(100))
