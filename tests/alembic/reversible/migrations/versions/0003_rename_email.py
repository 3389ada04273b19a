"""rename customers.email to email_address

Revision ID: 0003_rename_email
Revises: 0002_move_notes
Create Date: 2024-02-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003_rename_email"
down_revision = "0002_move_notes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("customers") as batch_op:
        batch_op.alter_column("email", new_column_name="email_address", existing_type=sa.String(120),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table("customers") as batch_op:
        batch_op.alter_column("email_address", new_column_name="email", existing_type=sa.String(120),
                              existing_nullable=False)
