"""a new table: nobody else waits on it

Revision ID: a036c
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a036c"
down_revision = None


def upgrade():
    op.create_table("staging", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("LOCK TABLE staging IN ACCESS EXCLUSIVE MODE")
    op.execute("CLUSTER staging USING staging_pkey")


def downgrade():
    op.drop_table("staging")
