"""multidb template, engine2 lacks its downgrade

Revision ID: a003
Revises: a002
"""
from alembic import op
import sqlalchemy as sa

revision = "a003"
down_revision = "a002"
branch_labels = None
depends_on = None


def upgrade_engine1():
    op.create_table("a", sa.Column("id", sa.Integer, primary_key=True))


def downgrade_engine1():
    op.drop_table("a")


def upgrade_engine2():  # HIT
    op.create_table("b", sa.Column("id", sa.Integer, primary_key=True))
