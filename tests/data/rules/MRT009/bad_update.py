"""fixture d901

Revision ID: d901
Revises: d900
"""
from alembic import op
import sqlalchemy as sa

revision = "d901"
down_revision = "d900"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE users SET status = 'active' WHERE status IS NULL")  # HIT
    op.alter_column("users", "status", existing_type=sa.String(20), server_default="active")


def downgrade():
    op.alter_column("users", "status", existing_type=sa.String(20), server_default=None)
