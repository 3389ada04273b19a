"""batch

Revision ID: s2703
Revises: s2702
"""
from alembic import op
import sqlalchemy as sa

revision = "s2703"
down_revision = "s2702"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.add_column(sa.Column("ref", sa.Uuid(), server_default=sa.func.gen_random_uuid()))  # HIT batch_op.add_column() adds column 'items.ref' with the volatile default gen_random_uuid()


def downgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.drop_column("ref")
