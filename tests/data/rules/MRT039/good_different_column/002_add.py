"""revision d2

Revision ID: d2
"""
from alembic import op
import sqlalchemy as sa

revision = "d2"
down_revision = 'd1'


def upgrade():
    op.add_column("users", sa.Column("phone_e164", sa.String(20)))
    op.add_column("orders", sa.Column("phone", sa.String(20)))


def downgrade():
    pass
