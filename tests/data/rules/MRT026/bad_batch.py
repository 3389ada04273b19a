"""batch

Revision ID: s2603
Revises: s2602
"""
from alembic import op
import sqlalchemy as sa

revision = "s2603"
down_revision = "s2602"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.create_check_constraint("ck_items_qty", "qty > 0")  # HIT batch_op.create_check_constraint() adds check constraint 'ck_items_qty' to existing table 'items'


def downgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.drop_constraint("ck_items_qty", type_="check")
