"""drop members.phone

Revision ID: 0002_drop_phone
Revises: 0001_initial
Create Date: 2024-01-20 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002_drop_phone"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    print("dropping members.phone")  # prints must not disturb the runner's protocol
    op.drop_column("members", "phone")


def downgrade():
    op.add_column("members", sa.Column("phone", sa.String(30), nullable=True))
