"""fixture d601

Revision ID: d601
Revises: d600
"""
from alembic import op
import sqlalchemy as sa

revision = "d601"
down_revision = "d600"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("full_name", sa.String(length=100), nullable=True))
    op.drop_column("users", "fullname")  # HIT


def downgrade():
    op.add_column("users", sa.Column("fullname", sa.VARCHAR(100), autoincrement=False, nullable=True))
    op.drop_column("users", "full_name")
