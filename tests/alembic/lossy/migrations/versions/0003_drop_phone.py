"""drop users.phone: we only use email now

Revision ID: 0003_drop_phone
Revises: 0002_add_phone
Create Date: 2024-02-01 14:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003_drop_phone"
down_revision = "0002_add_phone"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "phone")


def downgrade():
    # the column comes back, the phone numbers do not
    op.add_column("users", sa.Column("phone", sa.String(30), nullable=True))
