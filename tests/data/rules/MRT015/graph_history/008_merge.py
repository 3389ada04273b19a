"""merge

Revision ID: g008
Revises: g005, g006c, g006d
"""
from alembic import op
import sqlalchemy as sa

revision = "g008"
down_revision = ("g005", "g006c", "g006d")
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("labels") as batch_op:
        batch_op.add_column(sa.Column("icon", sa.String(20)))  # HIT


def downgrade():
    with op.batch_alter_table("labels") as batch_op:
        batch_op.drop_column("icon")  # HIT
