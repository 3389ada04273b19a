"""revision c3

Revision ID: c3
"""
from alembic import op
import sqlalchemy as sa

revision = "c3"
down_revision = 'b2'


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(32)))  # HIT


def downgrade():
    op.drop_column("users", "phone")
