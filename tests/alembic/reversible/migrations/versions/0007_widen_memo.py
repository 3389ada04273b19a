"""widen invoices.memo

Revision ID: 0007_widen_memo
Revises: 0006_add_nickname
Create Date: 2024-03-22 15:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0007_widen_memo"
down_revision = "0006_add_nickname"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invoices") as batch_op:
        batch_op.alter_column("memo", existing_type=sa.String(200), type_=sa.String(500), existing_nullable=True)


def downgrade():
    with op.batch_alter_table("invoices") as batch_op:
        batch_op.alter_column("memo", existing_type=sa.String(500), type_=sa.String(200), existing_nullable=True)
