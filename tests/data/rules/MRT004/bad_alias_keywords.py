"""migration

Revision ID: c002
Revises: c001
"""
from alembic import op as o
import sqlalchemy as sa

revision = "c002"
down_revision = "c001"
branch_labels = None
depends_on = None


def upgrade():
    o.drop_column(  # HIT
        table_name="users",
        column_name="fax",
        schema="public",
    )


def downgrade():
    o.add_column("users", sa.Column("fax", sa.String(32)), schema="public")
