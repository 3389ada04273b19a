"""batch

Revision ID: s2803
Revises: s2802
"""
from alembic import op
import sqlalchemy as sa

revision = "s2803"
down_revision = "s2802"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.add_column(sa.Column("pos", sa.Integer(), sa.Identity()))  # HIT batch_op.add_column() adds an identity column 'items.pos'


def downgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.drop_column("pos")
