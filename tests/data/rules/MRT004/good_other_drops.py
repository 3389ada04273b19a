"""migration

Revision ID: c009
Revises: c008
"""
from alembic import op
import sqlalchemy as sa

revision = "c009"
down_revision = "c008"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_users_phone", table_name="users")
    op.drop_constraint("uq_users_email", "users", type_="unique")
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_age")


def downgrade():
    op.create_check_constraint("ck_users_age", "users", "age > 0")
    op.create_unique_constraint("uq_users_email", "users", ["email"])
    op.create_index("ix_users_phone", "users", ["phone"])
