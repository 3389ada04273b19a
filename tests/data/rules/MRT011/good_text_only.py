"""fixture db10

Revision ID: db10
Revises: db09
"""
from alembic import op
import sqlalchemy as sa

revision = "db10"
down_revision = "db09"
branch_labels = None
depends_on = None


def upgrade():
    """Creates nothing: op.create_index("ix_a", "t", ["a"]) was removed."""
    # op.create_table("x")
    op.alter_column("users", "name", existing_type=sa.String(50), comment="display name")


def downgrade():
    op.alter_column("users", "name", existing_type=sa.String(50), comment=None)
