"""migration

Revision ID: d006
Revises: d005
"""
from alembic import op
import sqlalchemy as sa

revision = "d006"
down_revision = "d005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("reports", sa.Column("id", sa.Integer, primary_key=True))
    op.drop_index("ix_old", table_name="users")
    op.execute("DROP INDEX IF EXISTS ix_legacy")
    op.execute("DROP VIEW IF EXISTS v_users")


def downgrade():
    op.drop_table("reports")
