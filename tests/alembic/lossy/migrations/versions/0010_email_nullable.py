"""users.email becomes optional

Revision ID: 0010_email_nullable
Revises: 0009_widen_order_total
Create Date: 2024-04-10 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0010_email_nullable"
down_revision = "0009_widen_order_total"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(120), nullable=True)


def downgrade():
    # NULL emails may exist by now, so we leave the column nullable
    pass
