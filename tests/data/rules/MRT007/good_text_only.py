"""fixture d708

Revision ID: d708
Revises: d707
"""
from alembic import op
import sqlalchemy as sa

revision = "d708"
down_revision = "d707"
branch_labels = None
depends_on = None


def upgrade():
    """Once did op.alter_column("users", "name", existing_type=sa.String(255), type_=sa.String(50))."""
    # op.alter_column("users", "name", existing_type=sa.String(255), type_=sa.String(50))
    op.create_index("ix_users_name", "users", ["name"])


def downgrade():
    op.drop_index("ix_users_name", table_name="users")
