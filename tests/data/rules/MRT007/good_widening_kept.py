"""fixture d705

Revision ID: d705
Revises: d704
"""
from alembic import op
import sqlalchemy as sa

revision = "d705"
down_revision = "d704"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "name", existing_type=sa.String(50), type_=sa.String(255))
    op.alter_column("users", "name", existing_type=sa.String(255), comment="display name")


def downgrade():
    # users.name stays VARCHAR(255): the previous code reads it fine, and narrowing back would fail on longer names
    op.alter_column("users", "name", existing_type=sa.String(255), comment=None)
