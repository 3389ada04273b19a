"""batch

Revision ID: s2103
Revises: s2102
"""
from alembic import op
import sqlalchemy as sa

revision = "s2103"
down_revision = "s2102"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("total", existing_type=sa.Numeric(10, 2), nullable=False)  # HIT batch_op.alter_column() makes existing column 'orders.total'


def downgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("total", existing_type=sa.Numeric(10, 2), nullable=True)
