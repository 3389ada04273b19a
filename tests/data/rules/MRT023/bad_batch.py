"""batch

Revision ID: s2303
Revises: s2302
"""
from alembic import op
import sqlalchemy as sa

revision = "s2303"
down_revision = "s2302"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("qty", existing_type=sa.SmallInteger(), type_=sa.Integer())  # HIT batch_op.alter_column() changes the type of column 'orders.qty' from SMALLINT to INTEGER


def downgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("qty", existing_type=sa.Integer(), type_=sa.SmallInteger())
