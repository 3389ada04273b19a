"""fixture d303

Revision ID: d303
Revises: d302
"""
from alembic import op as o
import sqlalchemy as sa

revision = "d303"
down_revision = "d302"
branch_labels = None
depends_on = None


def upgrade_engine1():
    o.create_table("events", sa.Column("id", sa.Integer, primary_key=True))


def downgrade_engine1():
    """Irreversible on purpose."""
    raise NotImplementedError  # HIT


def upgrade_engine2():
    o.create_table("metrics", sa.Column("id", sa.Integer, primary_key=True))


def downgrade_engine2():
    o.drop_table("metrics")
