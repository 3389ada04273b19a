"""batch

Revision ID: s2203
Revises: s2202
"""
from alembic import op
import sqlalchemy as sa

revision = "s2203"
down_revision = "s2202"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("mail", new_column_name="email")  # HIT batch_op.alter_column() in upgrade() renames column 'users.mail' to 'email'


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("email", new_column_name="mail")  # HIT batch_op.alter_column() in downgrade() renames column 'users.email' to 'mail'
