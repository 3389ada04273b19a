"""safe recipe, step 1

Revision ID: s2108
Revises: s2107
"""
from alembic import op
import sqlalchemy as sa

revision = "s2108"
down_revision = "s2107"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE users ADD CONSTRAINT ck_users_email_not_null CHECK (email IS NOT NULL) NOT VALID")


def downgrade():
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_email_not_null")
