"""revision b2

Revision ID: b2
"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = 'a1'


def upgrade():
    op.drop_column("users", "phone")


def downgrade():
    op.add_column("users", sa.Column("phone", sa.String(32)))
