"""migration

Revision ID: c006
Revises: c005
"""
from alembic import op
import sqlalchemy as sa

revision = "c006"
down_revision = "c005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("other", sa.Column("id", sa.Integer, primary_key=True))
    op.drop_column("users", "phone")  # HIT
    op.drop_column("things", "x")  # HIT
    op.create_table("things", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("things")
    op.add_column("users", sa.Column("phone", sa.String(32)))
    op.drop_table("other")
