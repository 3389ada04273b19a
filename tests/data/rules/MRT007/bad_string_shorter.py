"""fixture d701

Revision ID: d701
Revises: d700
"""
from alembic import op
import sqlalchemy as sa

revision = "d701"
down_revision = "d700"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "name", existing_type=sa.String(length=255), type_=sa.String(50))  # HIT


def downgrade():
    op.alter_column("users", "name", existing_type=sa.String(50), type_=sa.String(length=255))
