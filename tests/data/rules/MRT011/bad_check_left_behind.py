"""fixture: a check constraint over a column the downgrade keeps is left behind.

Revision ID: a1111
Revises: a1110
"""
from alembic import op
import sqlalchemy as sa

revision = "a1111"
down_revision = "a1110"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("rooms", sa.Column("label", sa.String(), nullable=True))
    op.create_check_constraint("capacity_positive", "rooms", "capacity > 0")  # HIT


def downgrade():
    op.drop_column("rooms", "label")
