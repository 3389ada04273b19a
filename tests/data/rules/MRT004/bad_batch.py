"""migration

Revision ID: c003
Revises: c002
"""
from alembic import op
import sqlalchemy as sa

revision = "c003"
down_revision = "c002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("nickname")  # HIT


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(50)))
