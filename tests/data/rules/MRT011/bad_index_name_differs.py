"""fixture db01

Revision ID: db01
Revises: db00
"""
from alembic import op
import sqlalchemy as sa

revision = "db01"
down_revision = "db00"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f("ix_users_email"), "users", ["email"], unique=False)  # HIT


def downgrade():
    op.drop_index("ix_users_mail", table_name="users")
