"""add members.since

Revision ID: 0003_member_since
Revises: 0002_drop_phone
Create Date: 2024-02-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003_member_since"
down_revision = "0002_drop_phone"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("members", sa.Column("since", sa.Date(), nullable=True))


def downgrade():
    op.drop_column("members", "since")
