"""safe recipe, step 2

Revision ID: s2109
Revises: s2108
"""
from alembic import op
import sqlalchemy as sa

revision = "s2109"
down_revision = "s2108"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_not_null")
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_email_not_null")


def downgrade():
    op.execute(
        "ALTER TABLE users ADD CONSTRAINT ck_users_email_not_null CHECK (email IS NOT NULL) NOT VALID"
    )
    op.alter_column("users", "email", existing_type=sa.String(255), nullable=True)
