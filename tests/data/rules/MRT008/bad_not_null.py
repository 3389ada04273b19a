"""fixture d801

Revision ID: d801
Revises: d800
"""
from alembic import op
import sqlalchemy as sa

revision = "d801"
down_revision = "d800"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=True)


def downgrade():
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)  # HIT
