"""migration

Revision ID: b008
Revises: b007
"""
from alembic import op
import sqlalchemy as sa

revision = "b008"
down_revision = "b007"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(32), nullable=True))


def downgrade():
    # pass
    op.drop_column("users", "phone")
