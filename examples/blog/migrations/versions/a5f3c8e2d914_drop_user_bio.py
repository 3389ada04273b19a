"""drop users.bio: profiles moved to the profile service

Revision ID: a5f3c8e2d914
Revises: 7d4e1f0b8a26
Create Date: 2024-03-04 09:30:18.661542

"""
from alembic import op
import sqlalchemy as sa

revision = "a5f3c8e2d914"
down_revision = "7d4e1f0b8a26"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("bio")


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("bio", sa.Text(), nullable=True))
