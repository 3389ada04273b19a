"""branch d: batch on labels (the cascade key is on another branch)

Revision ID: g006d
Revises: g002
"""
from alembic import op
import sqlalchemy as sa

revision = "g006d"
down_revision = "g002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("labels") as batch_op:
        batch_op.add_column(sa.Column("color", sa.String(7)))


def downgrade():
    with op.batch_alter_table("labels") as batch_op:
        batch_op.drop_column("color")
